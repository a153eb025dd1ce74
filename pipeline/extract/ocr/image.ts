// Page image primitives in plain JS over sharp's raw pixels: decoding, the ink channel and the seal-red mask, Otsu
// threshold, skew estimate, rotation, crops. Knows nothing about tables or text; pure over bytes and typed arrays.

/** sharp is loaded on first use: reading documents that need no OCR must not depend on it. */
async function loadSharp(): Promise<typeof import('sharp')> {
  return (await import('sharp')).default;
}

export interface Gray {
  width: number;
  height: number;
  /** One byte per pixel, 0 = black ink, 255 = paper. */
  data: Uint8Array;
  /** loadInk only: 1 where the pixel is clearly red (seal ink), on the image as given. */
  red?: Uint8Array;
}

/** A page image: encoded bytes (PNG, JPEG, GIF, TIFF, WebP; `frame` picks a page of a multi-page TIFF), or raw RGBA. */
export type PageImage = { bytes: Uint8Array; frame?: number } | { rgba: Uint8Array; width: number; height: number };

/** Decoded images larger than this many pixels are refused (a hostile header must not allocate gigabytes). */
export const MAX_PIXELS = 120_000_000;

/**
 * Decodes a page image and keeps the red channel as the ink image: black print is dark in every channel, while a red
 * seal is bright in red, so most of it drops out. What JPEG's half-resolution colour leaves of thin seal strokes is
 * still dark there, so clearly red pixels are also marked, for the reader to distrust what overlaps them.
 * (2R − min(G, B) removes more of the seal but also erases black print under it after JPEG: measured worse.)
 */
export async function loadInk(input: PageImage): Promise<Gray> {
  let data: Uint8Array;
  let width: number;
  let height: number;
  let ch: number;
  if ('rgba' in input) {
    ({ width, height } = input);
    data = input.rgba;
    ch = 4;
  } else {
    const sharp = await loadSharp();
    const raw = await sharp(input.bytes, { limitInputPixels: MAX_PIXELS, page: input.frame ?? 0 })
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    data = raw.data;
    ({ width, height, channels: ch } = raw.info);
  }
  const n = width * height;
  const out = new Uint8Array(n);
  const red = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const r = data[i * ch]!;
    if (ch >= 3 && r > 90 && r - Math.max(data[i * ch + 1]!, data[i * ch + 2]!) > 50) red[i] = 1;
    out[i] = red[i] ? 255 : r;
  }
  return { width, height, data: out, red };
}

/** Pages of a multi-page image (TIFF, animated GIF: only TIFF pages are separate pages of a scan). */
export async function framesOf(bytes: Uint8Array): Promise<{ frames: number; format: string | undefined }> {
  const sharp = await loadSharp();
  const meta = await sharp(bytes, { limitInputPixels: MAX_PIXELS }).metadata();
  return { frames: meta.format === 'tiff' ? (meta.pages ?? 1) : 1, format: meta.format };
}

export function otsu(img: Gray): number {
  const hist = new Float64Array(256);
  for (const v of img.data) hist[v]!++;
  const total = img.data.length;
  let sum = 0;
  for (let i = 0; i < 256; i++) sum += i * hist[i]!;
  let sumB = 0;
  let wB = 0;
  let best = 0;
  let thr = 128;
  for (let t = 0; t < 256; t++) {
    wB += hist[t]!;
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += t * hist[t]!;
    const mB = sumB / wB;
    const mF = (sum - sumB) / wF;
    const between = wB * wF * (mB - mF) ** 2;
    if (between > best) {
      best = between;
      thr = t;
    }
  }
  return thr;
}

/** 1 where the pixel is ink. */
export function binarise(img: Gray, threshold = otsu(img)): Uint8Array {
  const out = new Uint8Array(img.data.length);
  for (let i = 0; i < out.length; i++) out[i] = img.data[i]! <= threshold ? 1 : 0;
  return out;
}

/**
 * Skew in degrees (positive = the page was turned clockwise), from the projection profile of ink pixels:
 * rows of text and ruling lines give the sharpest profile at the true angle.
 */
export function estimateSkew(bin: Uint8Array, width: number, height: number, maxDeg = 4): number {
  const xs: number[] = [];
  const ys: number[] = [];
  // Every row, every n-th column: sampling rows on a grid would make 0° look sharpest (all points on few rows).
  const step = Math.max(1, Math.round((width * height) / 400_000));
  for (let y = 0; y < height; y++)
    for (let x = y % step; x < width; x += step)
      if (bin[y * width + x]) {
        xs.push(x - width / 2);
        ys.push(y - height / 2);
      }
  const score = (deg: number): number => {
    const a = (deg * Math.PI) / 180;
    const s = Math.sin(a);
    const c = Math.cos(a);
    const bins = new Map<number, number>();
    for (let i = 0; i < xs.length; i++) {
      // Undo a clockwise turn of `deg`: y of the point before the turn.
      const y0 = Math.round(-xs[i]! * s + ys[i]! * c);
      bins.set(y0, (bins.get(y0) ?? 0) + 1);
    }
    let sq = 0;
    for (const v of bins.values()) sq += v * v;
    return sq;
  };
  let best = 0;
  let bestScore = -1;
  for (let d = -maxDeg; d <= maxDeg + 1e-9; d += 0.1) {
    const sc = score(d);
    if (sc > bestScore) [best, bestScore] = [d, sc];
  }
  const coarse = best;
  for (let d = coarse - 0.1; d <= coarse + 0.1 + 1e-9; d += 0.01) {
    const sc = score(d);
    if (sc > bestScore) [best, bestScore] = [d, sc];
  }
  return Math.round(best * 100) / 100;
}

/**
 * Turns the image by `-deg` about its centre on the same canvas (bilinear), i.e. undoes a clockwise turn of `deg`.
 * Points map back with `unrotatePoint`.
 */
export function rotate(img: Gray, deg: number): Gray {
  if (deg === 0) return img;
  const { width: w, height: h, data } = img;
  const a = (deg * Math.PI) / 180;
  const s = Math.sin(a);
  const c = Math.cos(a);
  const cx = w / 2;
  const cy = h / 2;
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      // Output pixel (x, y) in the straightened frame comes from the turned source point.
      const dx = x - cx;
      const dy = y - cy;
      const sx = cx + dx * c - dy * s;
      const sy = cy + dx * s + dy * c;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 >= w - 1 || y0 >= h - 1) {
        out[y * w + x] = 255;
        continue;
      }
      const fx = sx - x0;
      const fy = sy - y0;
      const i = y0 * w + x0;
      const v = data[i]! * (1 - fx) * (1 - fy) + data[i + 1]! * fx * (1 - fy) + data[i + w]! * (1 - fx) * fy + data[i + w + 1]! * fx * fy;
      out[y * w + x] = Math.round(v);
    }
  }
  return { width: w, height: h, data: out };
}

/** Maps a point of the straightened image back to the page image as it was given. */
export function unrotatePoint(x: number, y: number, deg: number, w: number, h: number): [number, number] {
  const a = (deg * Math.PI) / 180;
  const dx = x - w / 2;
  const dy = y - h / 2;
  return [w / 2 + dx * Math.cos(a) - dy * Math.sin(a), h / 2 + dx * Math.sin(a) + dy * Math.cos(a)];
}

/** Axis-aligned box on the given page image that covers a box of the straightened image. */
export function unrotateBox(b: [number, number, number, number], deg: number, w: number, h: number): [number, number, number, number] {
  if (deg === 0) return b;
  const pts = [
    unrotatePoint(b[0], b[1], deg, w, h),
    unrotatePoint(b[2], b[1], deg, w, h),
    unrotatePoint(b[0], b[3], deg, w, h),
    unrotatePoint(b[2], b[3], deg, w, h),
  ];
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  return [Math.round(Math.min(...xs)), Math.round(Math.min(...ys)), Math.round(Math.max(...xs)), Math.round(Math.max(...ys))];
}

export function crop(img: Gray, x0: number, y0: number, x1: number, y1: number): Gray {
  x0 = Math.max(0, Math.floor(x0));
  y0 = Math.max(0, Math.floor(y0));
  x1 = Math.min(img.width, Math.ceil(x1));
  y1 = Math.min(img.height, Math.ceil(y1));
  const w = Math.max(0, x1 - x0);
  const h = Math.max(0, y1 - y0);
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) out.set(img.data.subarray((y0 + y) * img.width + x0, (y0 + y) * img.width + x0 + w), y * w);
  return { width: w, height: h, data: out };
}
