// `gongkai archive get SHA256 --out FILE`: one archived document, byte for byte as it was served, written to a file
// (the archive names files by sha256 alone; the right extension comes from what the bytes are).
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { getContext, withDb } from '../context.js';
import { CommandError, UsageError } from '../errors.js';

export function registerArchive(program: Command): void {
  const archive = program.command('archive').description('the archive of documents as they were served');
  archive
    .command('get')
    .description('write one archived document to a file')
    .argument('<sha256>', 'its sha256 (documents.csv, panel.csv document_sha256), or a unique prefix of 8 or more hex digits')
    .option('--out <file>', 'where to write it (default: <sha256>.<ext> in the current directory; a directory gets that name inside it)')
    .action(async (sha: string, flags: { out?: string }, command: Command) => {
      if (!/^[0-9a-fA-F]{8,64}$/.test(sha)) throw new UsageError(`a sha256 is 64 hex digits (a prefix of 8 or more will do), got "${sha}"`);
      const ctx = getContext(command);
      const { documentBySha } = await import('../../db/queries/report-detail.js');
      const { fileExtension } = await import('../../domain/detect-format.js');
      const found = await withDb(ctx, (handle) => documentBySha(handle, sha));
      if (found.matches === 0) throw new CommandError(`no archived document ${sha}`);
      if (!found.document) throw new CommandError(`${sha} is the start of several documents' sha256: give more of it`);
      const doc = found.document;
      const source = path.join(ctx.config.dataDir, 'archive', doc.archivePath);
      if (!fs.existsSync(source)) throw new CommandError(`document ${doc.sha256} is recorded but its file ${source} is missing from the archive`);
      const bytes = fs.readFileSync(source);
      const name = `${doc.sha256}.${fileExtension(doc.format as never, bytes)}`;
      let out = flags.out ?? name;
      if (fs.existsSync(out) && fs.statSync(out).isDirectory()) out = path.join(out, name);
      fs.writeFileSync(out, bytes);
      process.stdout.write(`${out}  (${doc.format}, ${bytes.length} bytes${doc.demo ? ', a gongkai demo document: invented numbers' : ''})\n`);
    });
}
