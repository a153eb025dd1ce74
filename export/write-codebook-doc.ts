// `npx tsx export/write-codebook-doc.ts`: writes docs/codebook.md from the key list (the same file `gongkai export` writes next to the data).
import fs from 'node:fs';
import { codebookMarkdown } from './codebook.js';

fs.writeFileSync('docs/codebook.md', codebookMarkdown());
process.stdout.write('wrote docs/codebook.md\n');
