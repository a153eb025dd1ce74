// A worker thread (started through read-in-worker.mjs) that reads one document with the whole pipeline and posts back its facts and findings: OCR must
// load its model inside a worker (as the worker pool of issue 15 runs parsing), not only in the main thread.
import { parentPort, workerData } from 'node:worker_threads';
import { readReport } from '../../../pipeline/read-report.js';

const { report } = await readReport(new Uint8Array(workerData.bytes as ArrayBuffer));
parentPort!.postMessage({ facts: report.facts, rules: report.findings.map((f) => f.rule) });
