/**
 * Wire transcripts: every protocol server and client can report each line that crosses the socket,
 * as "C:" (client to server) or "S:" (server to client). Protocol code masks secrets before
 * reporting (PASS, LOGIN, AUTHENTICATE), so a transcript is always safe to print.
 */
export type Protocol = 'imap' | 'pop3' | 'smtp';
export type Direction = 'C' | 'S';

export interface WireEvent {
  readonly protocol: Protocol;
  /** Per-server connection number, starting at 1; a client uses its own counter. */
  readonly connection: number;
  readonly direction: Direction;
  /** One line without its CRLF, or a summary such as "<1234 octets>" for a literal or body. */
  readonly text: string;
}

export type WireListener = (event: WireEvent) => void;

/**
 * Where a server keeps its connections' transcripts (server/transcripts.ts): lines, and IMAP
 * responses as the pieces the connection wrote, traced only when someone reads the transcript.
 */
export interface TranscriptSink {
  record(event: WireEvent): void;
  /** Text pieces as latin1 strings, literal octets as Buffers (imap/wire-trace.ts keepResponse). */
  recordImapResponse(connection: number, pieces: readonly (string | Buffer)[]): void;
}

/** Replaces a secret with a fixed mask so transcripts never show a password's length either. */
export const MASK = '********';

/** How a transcript shows message data (a literal, a RETR body): its size, never its bytes. */
export function octetsSummary(octets: number): string {
  return `<${octets} octets>`;
}
