// What a document is, from its bytes (magic numbers), not from the URL's extension, which sites get wrong.
import type { DocumentFormat } from './values.js';

export type DetectedFormat = DocumentFormat;

const startsWith = (b: Uint8Array, sig: number[], offset = 0) => sig.every((v, i) => b[offset + i] === v);

/** Finds a file name inside a ZIP's central directory (OOXML documents are ZIPs). */
function zipHas(bytes: Uint8Array, name: string): boolean {
  return Buffer.from(bytes.subarray(0, Math.min(bytes.length, 4_000_000))).includes(Buffer.from(name, 'latin1'));
}

/** OLE2 compound files hold .doc, .xls and .wps; the stream names tell them apart. */
function oleKind(bytes: Uint8Array): 'doc' | 'xls' | 'wps' | 'unknown' {
  const head = Buffer.from(bytes.subarray(0, Math.min(bytes.length, 2_000_000)));
  const has = (s: string) => head.includes(Buffer.from(s, 'utf16le'));
  if (has('WordDocument')) return 'doc';
  if (has('Workbook') || has('Book')) return 'xls';
  if (has('WpsContent') || has('Kingsoft')) return 'wps';
  return 'unknown';
}

export function detectFormat(bytes: Uint8Array): DetectedFormat {
  if (bytes.length === 0) return 'unknown';
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) return 'pdf'; // %PDF
  // Some servers prepend whitespace or a BOM before %PDF.
  const lead = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  if (/^\s{0,16}%PDF-/.test(lead)) return 'pdf';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    if (zipHas(bytes, 'word/document.xml')) return 'docx';
    if (zipHas(bytes, 'xl/workbook.xml')) return 'xlsx';
    return 'zip';
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    const kind = oleKind(bytes);
    return kind === 'unknown' ? 'doc' : kind;
  }
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47]) || startsWith(bytes, [0xff, 0xd8, 0xff]) || startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return 'image';
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a]) || startsWith(bytes, [0x42, 0x4d])) return 'image';
  const text = lead
    .replace(/^\ufeff|^\xef\xbb\xbf/, '')
    .trimStart()
    .slice(0, 512)
    .toLowerCase();
  // Pages, and article fragments as JSON APIs deliver them (they may start with any element of a body).
  if (/^<!doctype html|^<html|^<head|^<body|^<meta|^<div|^<table|^<p[ >]|^<!--/.test(text) || /<html[\s>]/.test(lead.toLowerCase())) return 'html';
  if (/^<(script|style|span|section|article|h[1-6]|center|font|strong|b|ul|ol|li|br|img|a|link|title)[\s>/]/.test(text)) return 'html';
  if (startsWith(bytes, [0x7b, 0x5c, 0x72, 0x74, 0x66])) return 'unknown'; // {\rtf — not supported yet
  // Text: no NUL bytes in the first KB.
  return bytes.subarray(0, 1024).includes(0) ? 'unknown' : 'txt';
}

/** The file extension a document of this format is saved under (the archive keeps none: files are named by sha256). */
export function fileExtension(format: DocumentFormat, bytes?: Uint8Array): string {
  if (format === 'image' && bytes) {
    if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47])) return 'png';
    if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpg';
    if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return 'gif';
    if (startsWith(bytes, [0x42, 0x4d])) return 'bmp';
    return 'tif';
  }
  return format === 'unknown' ? 'bin' : format === 'image' ? 'img' : format;
}
