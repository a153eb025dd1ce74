// `gongkai replica serve`: starts the local replica of real site patterns (replica/) for a person to look at
// or to crawl, and prints a registry file that points at it.
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { waitForStop } from '../wait-for-stop.js';
import { getContext } from '../context.js';

export function registerReplica(program: Command): void {
  const replica = program.command('replica').description('the local replica of government sites used by tests and the demo');
  replica
    .command('serve')
    .description('serve the replica sites on 127.0.0.1 until Ctrl-C; writes a registry file for `gongkai crawl --registry`')
    .option('--registry-out <file>', 'where to write the registry of the replica sites', 'replica-registry.yaml')
    .option('--delay <ms>', 'politeness delay to put in that registry', '200')
    .action(async (flags: { registryOut: string; delay: string }, command: Command) => {
      getContext(command);
      const { startReplica } = await import('../../replica/server.js');
      const r = await startReplica({ delayMs: Number(flags.delay) || 0 });
      const file = path.resolve(flags.registryOut);
      fs.writeFileSync(file, stringify({ sites: r.sites.map((s) => s.config) }));
      process.stdout.write(`${r.sites.map((s) => `  ${s.id.padEnd(18)} ${s.origin}/`).join('\n')}\n  ${'mirror'.padEnd(18)} ${r.mirrorOrigin}/\n`);
      process.stdout.write(`registry: ${file}\n  gongkai crawl --registry ${path.relative(process.cwd(), file)} --allow-private\nCtrl-C stops.\n`);
      await waitForStop();
      await r.close();
    });
}
