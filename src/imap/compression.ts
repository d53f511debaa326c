/**
 * COMPRESS=DEFLATE (RFC 4978): after the tagged OK of COMPRESS, both directions of the connection
 * are one raw DEFLATE stream each (no zlib header). Input goes socket -> inflate -> framer;
 * output goes deflate -> socket, flushed (Z_SYNC_FLUSH) once per turn of the event loop, so a
 * command's responses travel together yet never wait for more. Back-pressure: the connection
 * stops reading commands while the deflater's buffer is full (needsDrain / onceDrained), as it
 * does for the socket itself.
 */
import type net from 'node:net';
import zlib from 'node:zlib';

/**
 * Inflated octets the framer may hold unread while the connection is paused (the client is not
 * reading our responses). Compressed input can expand a thousandfold, so without a bound a few
 * kilobytes from a client could fill memory; past this the connection is closed.
 */
export const MAX_INFLATED_BACKLOG = 16 * 1024 * 1024;

export interface CompressionEvents {
  /** Inflated client octets, in order. */
  readonly onInput: (chunk: Buffer) => void;
  /** The client's stream is not valid DEFLATE, or zlib failed: the connection must close. */
  readonly onError: (error: Error) => void;
}

export class DeflateTransport {
  private readonly inflate = zlib.createInflateRaw();
  private readonly deflate = zlib.createDeflateRaw();
  private flushScheduled = false;
  private ended = false;

  constructor(
    socket: net.Socket,
    events: CompressionEvents,
  ) {
    this.inflate.on('data', (chunk: Buffer) => events.onInput(chunk));
    this.inflate.on('error', (error) => events.onError(error));
    this.deflate.on('error', (error) => events.onError(error));
    // pipe() ends the socket when the deflater ends, after its last bytes.
    this.deflate.pipe(socket);
  }

  /** Compressed octets from the client. */
  receive(chunk: Buffer): void {
    if (!this.ended) this.inflate.write(chunk);
  }

  /** Response octets for the client. */
  send(bytes: Buffer): void {
    if (this.ended) return;
    this.deflate.write(bytes);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    queueMicrotask(() => {
      this.flushScheduled = false;
      if (!this.ended) this.deflate.flush(zlib.constants.Z_SYNC_FLUSH);
    });
  }

  /** True while the deflater holds more than its buffer: stop producing responses. */
  get needsDrain(): boolean {
    return this.deflate.writableNeedDrain;
  }

  onceDrained(callback: () => void): void {
    this.deflate.once('drain', callback);
  }

  /** Sends what is left and ends the socket (through the pipe). */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.inflate.destroy();
    this.deflate.end();
  }
}
