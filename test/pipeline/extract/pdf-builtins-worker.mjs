// Worker entry (a realm of its own): takes the built-ins pdf.js's legacy build replaces, then either reads a PDF with
// gongkai (workerData.read) or imports pdf.js alone, and posts back which built-ins are still V8's own.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

const before = { push: Array.prototype.push, parse: JSON.parse, stringify: JSON.stringify };
register();
let facts = null;
if (workerData.read) {
  const { readFile } = await import('node:fs/promises');
  const { readReport } = await import('../../../pipeline/read-report.ts');
  const { report } = await readReport(await readFile(workerData.read), { contentType: 'application/pdf' });
  facts = report.facts;
} else {
  await import('pdfjs-dist/legacy/build/pdf.mjs');
}
parentPort.postMessage({
  facts,
  native: { push: Array.prototype.push === before.push, parse: JSON.parse === before.parse, stringify: JSON.stringify === before.stringify },
});
