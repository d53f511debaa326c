const NOT_ASCII = /[^\x20-\x7e]/;
const NOT_ASCII_ALL = /[^\x20-\x7e]/g;
const CONTROL = /[\x00-\x1f\x7f-\x9f]/;
const CONTROL_ALL = /[\x00-\x1f\x7f-\x9f]/g;

/**
 * The one policy for showing untrusted text (client input quoted in a reply, a transcript line):
 * control characters - C0, DEL and the C1 range, which terminals also obey - become \xNN, so
 * nothing a client sends can break a line or drive the terminal that prints it. `ascii` also
 * escapes every other non-ASCII character (\xNN up to U+00FF, \uNNNN above), for wire text that
 * must stay 7-bit (IMAP response text, RFC 3501 TEXT-CHAR). Long input is cut at `maxChars`.
 */
export function printable(text: string, options: { readonly maxChars?: number; readonly ascii?: boolean } = {}): string {
  const { maxChars, ascii = false } = options;
  const cut = maxChars !== undefined && text.length > maxChars ? text.slice(0, maxChars) + '...' : text;
  // Most text has nothing to escape (every tagged OK's "FETCH completed" passes here): a test
  // costs less than a replace that finds nothing.
  if (!(ascii ? NOT_ASCII : CONTROL).test(cut)) return cut;
  return cut.replace(ascii ? NOT_ASCII_ALL : CONTROL_ALL, escape);
}

function escape(ch: string): string {
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}
