// npm run bench [-- NAME …]: runs the benchmarks and prints their figures (the speed targets live here, not in tests).
const BENCHES: Record<string, () => Promise<Record<string, number | string>>> = {
  parse: async () => (await import('./parse.js')).benchParse(),
  decode: async () => (await import('./decode.js')).benchDecode(),
  'decode-pdf': async () => (await import('./decode-pdf.js')).benchDecodePdf(),
  'parse-formats': async () => (await import('./parse-formats.js')).benchParseFormats(),
  crawl: async () => (await import('./crawl.js')).benchCrawl(),
  pipeline: async () => (await import('./pipeline.js')).benchPipeline(),
  export: async () => (await import('./export.js')).benchExport(),
  ocr: async () => (await import('./ocr.js')).benchOcr(),
  scale: async () => (await import('./scale.js')).benchScale(),
  hostile: async () => (await import('./hostile.js')).benchHostile(),
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
// The OCR bench takes most of an hour on 50 reports: it runs only when named.
const names = wanted.length ? wanted : Object.keys(BENCHES).filter((n) => n !== 'ocr');
for (const name of names) {
  const run = BENCHES[name];
  if (!run) {
    process.stderr.write(`unknown benchmark ${name}; known: ${Object.keys(BENCHES).join(', ')}\n`);
    process.exit(2);
  }
  const figures = await run();
  process.stdout.write(`bench/${name}\n`);
  for (const [k, v] of Object.entries(figures)) process.stdout.write(`  ${k.padEnd(36)} ${v}\n`);
}
