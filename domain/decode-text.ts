// Turns the bytes of an HTML or text document into a string: BOM, then the HTTP header, then <meta charset>,
// then byte sniffing; GB2312/GBK labels are decoded as GB18030 (their superset), and a declaration that produces
// replacement characters is not trusted.
import chardet from 'chardet';
import iconv from 'iconv-lite';

export interface Decoded {
  text: string;
  encoding: string;
  /** How the encoding was chosen: 'bom', 'header', 'meta', 'sniffed', 'fallback'. */
  source: 'bom' | 'header' | 'meta' | 'sniffed' | 'fallback';
}

/** Canonical names; GB2312 and GBK pages routinely contain characters only GB18030 has. */
function canonical(label: string): string | null {
  const l = label
    .trim()
    .toLowerCase()
    .replace(/^["']|["']$/g, '');
  if (['gb2312', 'gbk', 'gb18030', 'x-gbk', 'cp936', 'gb_2312-80', 'euc-cn', 'csgb2312', 'gb_2312'].includes(l)) return 'gb18030';
  if (['utf-8', 'utf8', 'unicode-1-1-utf-8'].includes(l)) return 'utf-8';
  if (['big5', 'big5-hkscs', 'x-x-big5'].includes(l)) return 'big5';
  if (['utf-16le', 'utf-16', 'utf-16be'].includes(l)) return l;
  if (['iso-8859-1', 'latin1', 'windows-1252', 'ascii', 'us-ascii'].includes(l)) return 'windows-1252';
  return iconv.encodingExists(l) ? l : null;
}

function bomEncoding(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

export function charsetFromContentType(contentType: string | null | undefined): string | null {
  const m = /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType ?? '');
  return m ? canonical(m[1]!) : null;
}

function charsetFromMeta(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head) ?? /<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)/i.exec(head);
  return m ? canonical(m[1]!) : null;
}

function decodeWith(bytes: Uint8Array, encoding: string): string {
  const text = iconv.decode(Buffer.from(bytes), encoding);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Share of replacement characters: a wrong declared charset shows up as U+FFFD. */
function badness(text: string): number {
  if (text.length === 0) return 0;
  let bad = 0;
  for (const ch of text) if (ch === '\ufffd') bad++;
  return bad / text.length;
}

/** Valid UTF-8 with at least one multi-byte sequence is almost never another encoding. */
function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

export function decodeText(bytes: Uint8Array, contentType?: string | null): Decoded {
  const bom = bomEncoding(bytes);
  if (bom) return { text: decodeWith(bytes, bom), encoding: bom, source: 'bom' };
  const tries: { encoding: string; source: Decoded['source'] }[] = [];
  const header = charsetFromContentType(contentType);
  if (header) tries.push({ encoding: header, source: 'header' });
  const meta = charsetFromMeta(bytes);
  if (meta) tries.push({ encoding: meta, source: 'meta' });
  for (const t of tries) {
    // A header or meta saying UTF-8 over bytes that are not UTF-8 is the classic lie of old GBK sites.
    if (t.encoding === 'utf-8' && !isUtf8(bytes)) continue;
    const text = decodeWith(bytes, t.encoding);
    if (badness(text) < 0.001) return { text, ...t };
  }
  if (isUtf8(bytes)) return { text: decodeWith(bytes, 'utf-8'), encoding: 'utf-8', source: 'sniffed' };
  const sniffed = canonical(chardet.detect(bytes) ?? '') ?? 'gb18030';
  // Chinese government pages that are not UTF-8 are GB-family far more often than what chardet may guess
  // (EUC-KR, Shift_JIS decode GBK bytes without error but wrongly); only Big5 is taken from the sniffer.
  const candidates = sniffed === 'big5' ? ['big5', 'gb18030'] : ['gb18030', 'big5'];
  let best = { text: decodeWith(bytes, candidates[0]!), encoding: candidates[0]!, source: 'sniffed' as Decoded['source'] };
  for (const enc of candidates.slice(1)) {
    if (badness(best.text) < 0.001) break;
    const text = decodeWith(bytes, enc);
    if (badness(text) < badness(best.text)) best = { text, encoding: enc, source: 'fallback' };
  }
  return best;
}
