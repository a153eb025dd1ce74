// Renders one page of an archived PDF with pdf.js (served from node_modules) and draws the box a number was read
// from: the box is in PDF points with the origin at the page's top-left (the viewport at scale 1), so it scales with
// the page.
import * as pdfjs from '/vendor/pdfjs/build/pdf.min.mjs';

pdfjs.GlobalWorkerOptions.workerSrc = '/vendor/pdfjs/build/pdf.worker.min.mjs';

const el = document.getElementById('pdf');
const canvas = el.querySelector('canvas');
const box = el.querySelector('.box');
try {
  const doc = await pdfjs.getDocument({
    url: el.dataset.src,
    cMapUrl: '/vendor/pdfjs/cmaps/',
    cMapPacked: true,
    standardFontDataUrl: '/vendor/pdfjs/standard_fonts/',
    wasmUrl: '/vendor/pdfjs/wasm/',
    isEvalSupported: false,
  }).promise;
  const page = await doc.getPage(Number(el.dataset.page));
  const base = page.getViewport({ scale: 1 });
  const scale = (el.clientWidth || 800) / base.width;
  const ratio = window.devicePixelRatio || 1;
  const viewport = page.getViewport({ scale: scale * ratio });
  canvas.width = Math.floor(viewport.width);
  canvas.height = Math.floor(viewport.height);
  canvas.style.height = `${base.height * scale}px`;
  await page.render({ canvasContext: canvas.getContext('2d'), viewport }).promise;
  const [x0, y0, x1, y1] = (el.dataset.box || '').split(',').map(Number);
  if ([x0, y0, x1, y1].every(Number.isFinite)) {
    const pad = 2;
    Object.assign(box.style, {
      left: `${x0 * scale - pad}px`,
      top: `${y0 * scale - pad}px`,
      width: `${(x1 - x0) * scale + 2 * pad}px`,
      height: `${(y1 - y0) * scale + 2 * pad}px`,
    });
    box.hidden = false;
    box.dataset.scale = String(scale);
    // Scrolls this frame only: scrollIntoView (and a #fragment) would also scroll the report page around it.
    window.scrollTo(0, Math.max(0, box.getBoundingClientRect().top + window.scrollY - window.innerHeight / 3));
  }
  el.dataset.rendered = 'true';
} catch (err) {
  el.dataset.rendered = 'failed';
  el.insertAdjacentText('afterbegin', `The PDF page could not be shown: ${err.message}`);
}
