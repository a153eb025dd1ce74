// Turns the bytes of an HTML or text document into a string: BOM, then the HTTP header, then <meta charset>,
// then byte sniffing; GB2312/GBK labels are decoded as GB18030 (their superset), and a declaration that produces
// replacement characters is not trusted. A page that mixes UTF-8 lines with GB-family lines (a UTF-8 template around
// an article pasted from a GBK system) is decoded line by line and says so in `mixed`, never as silent mojibake.
import { isUtf8 as isValidUtf8 } from 'node:buffer';
import chardet from 'chardet';
import iconv from 'iconv-lite';

export interface Decoded {
  text: string;
  encoding: string;
  /** How the encoding was chosen: 'bom', 'header', 'meta', 'sniffed', 'fallback'. */
  source: 'bom' | 'header' | 'meta' | 'sniffed' | 'fallback';
  /** Set when lines in two encodings were found: how many lines of each were decoded as which. */
  mixed?: { utf8Lines: number; otherLines: number; other: string };
}

// CJK ideographs: a short GBK line can be valid UTF-8 by accident ("一" alone is D2 BB, UTF-8 for Cyrillic һ), but
// then it does not decode to Chinese.
const CJK = /[\u3400-\u9fff]/;

/**
 * Decodes a page that is not valid UTF-8 as a whole line by line, when some of its lines are valid UTF-8 with
 * non-ASCII text (a GB-family line is practically never valid UTF-8: its lead bytes B0-F7 are UTF-8 continuation
 * bytes or need continuation bytes it does not have). Null when the page is not mixed.
 */
function decodeMixed(bytes: Uint8Array, other: string): Decoded | null {
  const buf = Buffer.from(bytes);
  const lines: Buffer[] = [];
  for (let start = 0; start <= buf.length; ) {
    const end = buf.indexOf(0x0a, start);
    lines.push(buf.subarray(start, end === -1 ? buf.length : end));
    if (end === -1) break;
    start = end + 1;
  }
  let utf8Lines = 0;
  let otherLines = 0;
  const text = lines
    .map((line) => {
      if (!line.some((b) => b >= 0x80)) return line.toString('latin1');
      if (isUtf8(line)) {
        const t = line.toString('utf8');
        if (CJK.test(t)) {
          utf8Lines++;
          return t;
        }
      }
      otherLines++;
      return iconv.decode(line, other);
    })
    .join('\n');
  if (utf8Lines === 0 || otherLines === 0) return null;
  return { text, encoding: other, source: 'sniffed', mixed: { utf8Lines, otherLines, other } };
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

/** The bytes as a Buffer over the same memory: Buffer.from(a Uint8Array) would copy the whole document. */
const view = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

function decodeWith(bytes: Uint8Array, encoding: string): string {
  const text = iconv.decode(view(bytes), encoding);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Bytes known to be valid UTF-8 and not to start with a BOM (a BOM is read before): Node's own decoder gives the
 * same text as iconv-lite's (which goes through a StringDecoder) at a fraction of the cost.
 */
function decodeValidUtf8(bytes: Uint8Array): string {
  return view(bytes).toString('utf8');
}

/** Share of replacement characters: a wrong declared charset shows up as U+FFFD. */
function badness(text: string): number {
  if (text.length === 0) return 0;
  // By code unit (U+FFFD is never half of a pair): iterating by code point cost a tenth of an HTML report's parse.
  let bad = 0;
  for (let i = text.indexOf('\ufffd'); i !== -1; i = text.indexOf('\ufffd', i + 1)) bad++;
  return bad / text.length;
}

/** Valid UTF-8 with at least one multi-byte sequence is almost never another encoding. */
function isUtf8(bytes: Uint8Array): boolean {
  // Node's validator, the same rules as a fatal TextDecoder without building the text.
  return isValidUtf8(bytes);
}

export function decodeText(bytes: Uint8Array, contentType?: string | null): Decoded {
  const bom = bomEncoding(bytes);
  if (bom) return { text: decodeWith(bytes, bom), encoding: bom, source: 'bom' };
  const tries: { encoding: string; source: Decoded['source'] }[] = [];
  const header = charsetFromContentType(contentType);
  if (header) tries.push({ encoding: header, source: 'header' });
  const meta = charsetFromMeta(bytes);
  if (meta) tries.push({ encoding: meta, source: 'meta' });
  // Checked once: the check decodes the whole document.
  const utf8 = isUtf8(bytes);
  if (!utf8) {
    // Not UTF-8 as a whole, but maybe in part: GB-family (or Big5 when declared) line by line. Checked before the
    // declarations, since GB18030 decodes UTF-8 bytes without a single replacement character.
    const declared = tries.find((t) => t.encoding !== 'utf-8')?.encoding;
    const mixed = decodeMixed(bytes, declared === 'big5' ? 'big5' : 'gb18030');
    if (mixed) return mixed;
  }
  for (const t of tries) {
    // A header or meta saying UTF-8 over bytes that are not UTF-8 is the classic lie of old GBK sites.
    if (t.encoding === 'utf-8' && !utf8) continue;
    const text = t.encoding === 'utf-8' ? decodeValidUtf8(bytes) : decodeWith(bytes, t.encoding);
    if (badness(text) < 0.001) return { text, ...t };
  }
  if (utf8) return { text: decodeValidUtf8(bytes), encoding: 'utf-8', source: 'sniffed' };
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

/** The DocText warning for a mixed page; parse turns a warning with this prefix into a text.mixed_encoding finding. */
export const MIXED_ENCODING = 'mixed encodings:';

export function mixedEncodingWarning(mixed: NonNullable<Decoded['mixed']>): string {
  return `${MIXED_ENCODING} ${mixed.utf8Lines} lines were UTF-8 and ${mixed.otherLines} ${mixed.other}; each line was decoded in its own encoding`;
}
