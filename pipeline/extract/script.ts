// The article a page carries only inside its JavaScript: a string literal holding HTML (var content = "<p>…</p>",
// pieces joined with +) or a JSON blob assigned in a script whose field holds it. Reads literals; never runs code. Pure.
import { htmlOfString } from './json.js';

/** 政府信息公开 … 年度报告 / 年报: the text is an annual disclosure report (one without the statutory tables, pre-2019). */
const REPORT = /政府信息公开[\s\S]*(年度报告|年报)|(年度报告|年报)[\s\S]*政府信息公开/;

export interface ScriptArticle {
  html: string;
  /** The length of its text (tags taken out). */
  textLength: number;
  /** True when it holds a statutory table's words: then it is the report whatever the page shows. */
  statutory: boolean;
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' };

/** Reads the literal that starts at `at` (its quote): its decoded value and the index after its closing quote. */
function readLiteral(code: string, at: number): { value: string; end: number } {
  const quote = code[at]!;
  let value = '';
  let i = at + 1;
  while (i < code.length && code[i] !== quote) {
    const c = code[i]!;
    if (c !== '\\') {
      // A line break ends an unterminated '…' or "…" literal (a template literal may hold one).
      if (c === '\n' && quote !== '`') return { value, end: i };
      value += c;
      i++;
      continue;
    }
    const e = code[i + 1] ?? '';
    if (e === 'u' && code[i + 2] === '{') {
      const close = code.indexOf('}', i + 3);
      const cp = Number.parseInt(code.slice(i + 3, close), 16);
      value += close > 0 && Number.isFinite(cp) && cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
      i = close > 0 ? close + 1 : i + 2;
    } else if ((e === 'u' && /^[0-9a-fA-F]{4}$/.test(code.slice(i + 2, i + 6))) || (e === 'x' && /^[0-9a-fA-F]{2}$/.test(code.slice(i + 2, i + 4)))) {
      const n = e === 'u' ? 4 : 2;
      value += String.fromCharCode(Number.parseInt(code.slice(i + 2, i + 2 + n), 16));
      i += 2 + n;
    } else if (e === '\r' || e === '\n') {
      // A backslash before a line break continues the literal on the next line.
      i += e === '\r' && code[i + 2] === '\n' ? 3 : 2;
    } else {
      value += SIMPLE_ESCAPES[e] ?? e;
      i += 2;
    }
  }
  return { value, end: i + 1 };
}

/** The string literals of a script, decoded, in order; literals joined by + are one string. Comments are skipped. */
export function scriptStrings(code: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < code.length) {
    const c = code[i]!;
    if (c === '/' && code[i + 1] === '/') {
      const nl = code.indexOf('\n', i);
      i = nl < 0 ? code.length : nl + 1;
    } else if (c === '/' && code[i + 1] === '*') {
      const close = code.indexOf('*/', i + 2);
      i = close < 0 ? code.length : close + 2;
    } else if (c === '"' || c === "'" || c === '`') {
      let { value, end } = readLiteral(code, i);
      // "<p>…" + "…</p>": one string.
      for (let m = /^\s*\+\s*(["'`])/.exec(code.slice(end, end + 200)); m; m = /^\s*\+\s*(["'`])/.exec(code.slice(end, end + 200))) {
        const next = readLiteral(code, end + m[0].length - 1);
        value += next.value;
        end = next.end;
      }
      out.push(value);
      i = end;
    } else i++;
  }
  return out;
}

const textOf = (html: string) => html.replace(/<[^>]*>/g, '').replace(/&[a-z]+;|&#\d+;|\s+/gi, '');

/**
 * The report among the scripts' strings: the longest that holds a statutory table's words (`statutoryWords`, the HTML
 * extractor's), else the longest whose text is an annual disclosure report; null when none is.
 */
export function scriptArticle(scripts: string[], statutoryWords: RegExp): ScriptArticle | null {
  let best: ScriptArticle | null = null;
  for (const code of scripts) {
    for (const s of scriptStrings(code)) {
      const html = htmlOfString(s);
      if (!html) continue;
      const text = textOf(html);
      const statutory = statutoryWords.test(text);
      if (!statutory && !REPORT.test(text)) continue;
      const found = { html, textLength: text.length, statutory };
      if (!best || (statutory && !best.statutory) || (statutory === best.statutory && found.textLength > best.textLength)) best = found;
    }
  }
  return best;
}
