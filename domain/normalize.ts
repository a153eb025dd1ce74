// Text normalization: for matching labels and headings (NFKC, no whitespace, one kind of quote), for reading
// sentences (offsets kept), and for comparing names and titles (NFKC, no whitespace). Pure.

/** For matching labels and headings: NFKC, every whitespace (NBSP, U+3000, line breaks) removed, quotes unified. */
export function norm(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\s\u00a0\u3000\u200b\ufeff]+/g, '')
    .replace(/[“”„‟"＂「」『』]/g, '"')
    .replace(/[‘’']/g, "'");
}

/** For reading sentences: NFKC and runs of whitespace collapsed to one space, so offsets stay meaningful. */
export function normText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u200b\ufeff]/g, '')
    .replace(/[ \t\u00a0\u3000]+/g, ' ');
}

/** For comparing names and list titles: NFKC and no whitespace at all (quotes kept as printed). */
export function compact(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '');
}
