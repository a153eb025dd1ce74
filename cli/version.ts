// gongkai's version, read from package.json once: what --version prints and exports record in their manifest.
import fs from 'node:fs';

export const GONGKAI_VERSION: string = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;
