import type { Protocol, WireEvent } from '../protocol/transcript.js';

/**
 * Connections whose transcripts a server keeps. `mailsim serve` may run for days with a mail client
 * opening a connection per poll; past this, the oldest connections are dropped first, since a test
 * or a person debugging looks at the most recent ones.
 */
export const MAX_TRANSCRIPT_CONNECTIONS = 200;

/**
 * Lines kept per connection. An IDLE session can stay open for hours; past this its oldest lines
 * are dropped (and counted), so 200 connections hold at most 400,000 lines.
 */
export const MAX_TRANSCRIPT_LINES = 2_000;

/** Everything one connection said and heard, secrets masked by the protocol layer. */
export interface ConnectionTranscript {
  readonly protocol: Protocol;
  /** The server's connection number for this protocol, from 1. */
  readonly connection: number;
  /** "C: …" (client to server) and "S: …" (server to client), oldest first. */
  readonly lines: readonly string[];
  /** Lines dropped from the start because the connection passed MAX_TRANSCRIPT_LINES. */
  readonly droppedLines: number;
}

interface Entry {
  readonly protocol: Protocol;
  readonly connection: number;
  /**
   * The last maxLines lines as a ring: each line's text as the protocol reported it, and beside
   * it its direction (1: client). `start` is the oldest once the ring is full.
   */
  readonly texts: string[];
  readonly fromClient: number[];
  start: number;
  droppedLines: number;
}

/** Groups wire events by protocol and connection, within the limits above. */
export class TranscriptRecorder {
  /** Insertion order is the order connections first spoke, so the first key is the oldest. */
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly maxConnections = MAX_TRANSCRIPT_CONNECTIONS,
    private readonly maxLines = MAX_TRANSCRIPT_LINES,
  ) {}

  /** The entry of the last event: most events come in runs from one connection. */
  private last: Entry | undefined;

  record(event: WireEvent): void {
    let entry = this.last !== undefined && this.last.connection === event.connection && this.last.protocol === event.protocol ? this.last : undefined;
    const key = entry ? '' : `${event.protocol}#${event.connection}`;
    entry ??= this.entries.get(key);
    if (!entry) {
      entry = { protocol: event.protocol, connection: event.connection, texts: [], fromClient: [], start: 0, droppedLines: 0 };
      this.entries.set(key, entry);
      if (this.entries.size > this.maxConnections) this.entries.delete(this.entries.keys().next().value!);
    }
    this.last = entry;
    // One line per entry even when a protocol reports a multi-line reply (SMTP EHLO) as one event.
    const fromClient = event.direction === 'C' ? 1 : 0;
    if (!event.text.includes('\n')) this.add(entry, event.text, fromClient);
    else for (const line of event.text.split(/\r?\n/)) this.add(entry, line, fromClient);
  }

  /**
   * Keeps a line, over the oldest once the connection has maxLines: a ring, so a busy connection
   * costs no copying. The "C: "/"S: " prefix is added when a transcript is read: a busy server
   * records far more lines than anyone reads, and a prefixed copy of each was a second object per line.
   */
  private add(entry: Entry, text: string, fromClient: number): void {
    if (entry.texts.length < this.maxLines) {
      entry.texts.push(text);
      entry.fromClient.push(fromClient);
      return;
    }
    entry.texts[entry.start] = text;
    entry.fromClient[entry.start] = fromClient;
    entry.start = (entry.start + 1) % this.maxLines;
    entry.droppedLines++;
  }

  /** Copies, in the order the connections first spoke. */
  snapshot(): ConnectionTranscript[] {
    return [...this.entries.values()].map((e) => {
      const lines: string[] = [];
      for (let n = 0; n < e.texts.length; n++) {
        const i = (e.start + n) % e.texts.length;
        lines.push(`${e.fromClient[i] === 1 ? 'C' : 'S'}: ${e.texts[i]!}`);
      }
      return { protocol: e.protocol, connection: e.connection, lines, droppedLines: e.droppedLines };
    });
  }
}
