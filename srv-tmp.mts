import fs from 'node:fs';
import { stringify } from 'yaml';
import { loadRegistry } from './crawlers/registry.js';
import { startBeijingReplica } from './replica/beijing/server.js';
const r = await startBeijingReplica();
fs.writeFileSync('/tmp/bj-registry.yaml', stringify({ sites: loadRegistry().sites.map((s) => ({ ...s, delayMs: 0 })) }));
fs.writeFileSync('/tmp/bj-addr', r.address);
setTimeout(() => r.close(), 120000);
