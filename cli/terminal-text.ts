// Makes text from documents, sites and databases safe to print on a terminal: control characters (C0 but newline and
// tab, DEL, C1) become visible `\x1b`-style escapes, so a report title cannot retitle the window, clear the screen or
// rewrite earlier lines. Meant for what gongkai prints for people; files and pipes of data keep their bytes.

// C0 controls except \t (09) and \n (0a), DEL (7f), and the C1 controls (80-9f; 9b is a one-byte CSI).
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what this pattern is for
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** `text` with every control character but newline and tab written out as \xNN. */
export function terminalSafe(text: string): string {
  return text.replace(CONTROLS, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** JSON text with the C1 controls (which JSON.stringify leaves raw) escaped as \u00NN: still the same JSON value. */
export function jsonTerminalSafe(json: string): string {
  return json.replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
