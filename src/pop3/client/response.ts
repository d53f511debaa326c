import { Pop3Error } from './errors.js';

const DOT = 0x2e;

/** One complete server response. */
export interface Pop3Response {
  readonly ok: boolean;
  /** The status line as received, without CRLF. */
  readonly status: string;
  /** Text after "+OK " / "-ERR " (response code included). */
  readonly text: string;
  /** RFC 2449 response code of a -ERR, e.g. "IN-USE". */
  readonly respCode?: string;
  /** Multi-line body lines, dot-unstuffed, without CRLF; empty for single-line responses. */
  readonly lines: readonly Buffer[];
}

/**
 * Assembles one response from lines: the status line, then — for a multi-line command answered
 * with +OK — body lines up to the lone "." (RFC 1939 3). Knows nothing of sockets; fed line by line.
 */
export class ResponseAssembler {
  private status?: { ok: boolean; line: string; text: string; respCode?: string };
  private readonly body: Buffer[] = [];

  constructor(private readonly multiline: boolean) {}

  /** True while the status line has been read and body lines are still expected. */
  get inBody(): boolean {
    return this.status !== undefined;
  }

  /** Feeds a line; returns the response once complete. Throws Pop3Error PROTOCOL on non-POP3. */
  push(line: Buffer): Pop3Response | undefined {
    if (!this.status) {
      this.status = parseStatus(line);
      if (!this.status.ok || !this.multiline) return this.finish();
      return undefined;
    }
    if (line.length === 1 && line[0] === DOT) return this.finish();
    this.body.push(line[0] === DOT ? line.subarray(1) : line);
    return undefined;
  }

  private finish(): Pop3Response {
    const status = this.status!;
    return { ok: status.ok, status: status.line, text: status.text, respCode: status.respCode, lines: this.body };
  }
}

function parseStatus(bytes: Buffer): { ok: boolean; line: string; text: string; respCode?: string } {
  const line = bytes.toString('utf8');
  const match = /^(\+OK|-ERR)(?:[ \t](.*))?$/i.exec(line);
  if (!match) throw new Pop3Error('PROTOCOL', `not a POP3 status line: ${JSON.stringify(line.slice(0, 80))}`, line);
  const ok = match[1]!.toUpperCase() === '+OK';
  const text = match[2] ?? '';
  const respCode = ok ? undefined : /^\[([^\]\s]+)\]/.exec(text)?.[1];
  return { ok, line, text, respCode };
}
