import { encodeMultiline } from './message-format.js';

/** A positive response, as handlers return it; negative ones are thrown (errors.ts). */
export interface Reply {
  /** Text after "+OK ". */
  readonly text: string;
  /** Multi-line listing (LIST, UIDL, CAPA): every line appears in the transcript. */
  readonly lines?: readonly string[];
  /** Multi-line message content (TOP): the transcript shows only its size. */
  readonly content?: readonly Buffer[];
  /**
   * Message content already in wire form, dot-stuffed and terminated (RETR: message-format.ts
   * retrChunks); `octets` is its size as the client keeps it, for the transcript.
   */
  readonly wire?: { readonly chunks: readonly Buffer[]; readonly octets: number };
  /** Close the connection once the reply is sent (QUIT). */
  readonly closeAfter?: boolean;
  /** STLS: start the TLS handshake once the reply is sent (RFC 2595 4). */
  readonly startTlsAfter?: boolean;
}

export interface RenderedReply {
  /** Written in order; views of stored messages are written as they are, never copied. */
  readonly chunks: readonly Buffer[];
  /** Transcript lines for the reply, in order, without CRLF. */
  readonly transcript: readonly string[];
}

export function renderReply(reply: Reply): RenderedReply {
  const status = `+OK ${reply.text}`;
  const head = Buffer.from(status + '\r\n');
  if (reply.lines) {
    const body = encodeMultiline(reply.lines.map((line) => Buffer.from(line)));
    return { chunks: [head, body], transcript: [status, ...reply.lines, '.'] };
  }
  if (reply.wire) return { chunks: [head, ...reply.wire.chunks], transcript: [status, `<${reply.wire.octets} octets>`, '.'] };
  if (reply.content) {
    const body = encodeMultiline(reply.content);
    // The summary counts the content as the client receives it (unstuffed lines with CRLF), so it
    // matches the size LIST reported for a full RETR.
    const octets = reply.content.reduce((sum, line) => sum + line.length + 2, 0);
    return { chunks: [head, body], transcript: [status, `<${octets} octets>`, '.'] };
  }
  return { chunks: [head], transcript: [status] };
}

export function renderError(response: string): RenderedReply {
  return { chunks: [Buffer.from(response + '\r\n')], transcript: [response] };
}
