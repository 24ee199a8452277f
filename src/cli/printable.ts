/**
 * Text from outside (a notification's labels, a receiver's error body, a scenario's summary) made safe for a
 * terminal: every control character becomes a visible escape (`\x1b`, `\r`, `\u202e`), so that no one who can post
 * to the inbox or answer a request can set the window title, clear the screen, write the clipboard (OSC 52),
 * overwrite a line with `\r`, or reorder text with a bidirectional override.
 */

/** C0 and C1 controls, DEL, line and paragraph separators, and the bidirectional embeddings, overrides and isolates. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_KEEPING_NEWLINES = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escape(c: string): string {
  const code = c.charCodeAt(0);
  return NAMED[c] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
}

/** `text` on one line, its control characters escaped (a line break too). */
export function printable(text: string): string {
  return text.replace(UNSAFE, escape);
}

/** `text` with its control characters escaped, its line breaks kept (a message of several lines). */
export function printableLines(text: string): string {
  return text.replace(UNSAFE_KEEPING_NEWLINES, escape);
}
