// Writes the research views into a new custom drizzle migration: `npx tsx export/write-views-migration.ts <name>`.
// Run it whenever the key list or a view changes; the views test fails until you do.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { researchViewsSql } from './research-views.js';

const name = process.argv[2];
if (!name) {
  process.stderr.write('usage: npx tsx export/write-views-migration.ts <migration_name>\n');
  process.exit(2);
}
execFileSync('npx', ['drizzle-kit', 'generate', '--custom', '--name', name], { stdio: 'inherit' });
const dir = path.resolve('db/migrations');
const file = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith(`_${name}.sql`))
  .sort()
  .at(-1);
if (!file) throw new Error(`drizzle-kit wrote no migration named ${name}`);
fs.writeFileSync(path.join(dir, file), researchViewsSql());
process.stdout.write(`wrote the research views into db/migrations/${file}\n`);
