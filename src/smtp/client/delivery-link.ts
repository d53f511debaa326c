import net from 'node:net';
import { parsePath } from '../paths.js';
import { crlfMessage, smtpData } from './data.js';

/** Longest reply line held while its CRLF is awaited (RFC 5321 4.5.3.1.5 allows 512 octets). */
export const MAX_REPLY_LINE_OCTETS = 64 * 1024;

/** Lines of one multi-line reply (EHLO's, the longest, has about a dozen). */
export const MAX_REPLY_LINES = 256;

/** A connection the server stops answering is given up after this long (nodemailer's default too). */
export const REPLY_TIMEOUT_MS = 10 * 60 * 1000;

/** Whether `address` is what MAIL FROM (null sender "" included) or RCPT TO can carry: what our server's parser takes. */
function carriable(address: string, prefix: 'FROM' | 'TO'): boolean {
  return !/[\r\n]/.test(address) && parsePath(`${prefix}:<${address}>`, prefix)?.address === address && (prefix === 'FROM' || address !== '');
}

export interface DeliveryResult {
  readonly accepted: string[];
  readonly rejected: string[];
}

/** The server refused a command; `responseCode` is its reply code. */
export class SmtpReplyError extends Error {
  constructor(
    readonly command: string,
    readonly responseCode: number,
    reply: string,
  ) {
    super(`the SMTP server answered ${command} with ${reply}`);
    this.name = 'SmtpReplyError';
  }
}

interface Reply {
  readonly code: number;
  readonly lines: readonly string[];
}

interface Transaction {
  readonly from: string;
  readonly to: readonly string[];
  /** The message as it is to be stored. */
  readonly raw: Buffer;
  readonly accepted: string[];
  readonly rejected: string[];
  refused?: SmtpReplyError;
  readonly resolve: (result: DeliveryResult) => void;
  readonly reject: (error: Error) => void;
}

/** What the next reply from the server answers, in the order the commands went out. */
type Awaited =
  | { readonly kind: 'greeting' | 'ehlo' | 'rset' }
  | { readonly kind: 'mail' | 'data' | 'end'; readonly transaction: Transaction }
  | { readonly kind: 'rcpt'; readonly transaction: Transaction; readonly address: string };

/**
 * One SMTP connection that carries a run's deliveries into mailsim's own server, pipelined
 * (RFC 2920). Where the server offers CHUNKING (RFC 3030), as ours does, each message is MAIL,
 * RCPT and "BDAT <size> LAST" followed by its octets, and every waiting message goes out in one
 * write without waiting for any reply: a bulk delivery costs no round trip per message. Without
 * CHUNKING, a message's MAIL, RCPT and DATA go out in one write, and once the server has answered
 * DATA with 354, the message, its final dot and the next message's MAIL, RCPT and DATA go out
 * together: one round trip per message. Each message is its own transaction, answered on its own.
 *
 * Deliveries are taken in the order `send` is called and each resolves with the server's answer to
 * it. The caller bounds how many wait (the scenario keeps MAX_DELIVERIES_IN_FLIGHT). Opened on
 * first use, reopened after a drop; a drop fails every delivery not yet answered.
 */
export class DeliveryLink {
  private socket?: net.Socket;
  private ready = false;
  private received = '';
  private replyLines: string[] = [];
  private readonly expected: Awaited[] = [];
  /** Deliveries whose MAIL has not gone out yet. */
  private readonly queue: Transaction[] = [];
  /** The delivery whose envelope went out and whose DATA awaits its 354 (without CHUNKING). */
  private sending?: Transaction;
  /** The server offers BDAT (RFC 3030): messages go out without waiting for replies. */
  private chunking = false;
  private pumpScheduled = false;

  constructor(
    private readonly host: string,
    private readonly port: number,
    /** EHLO name: fixed, so Received headers are the same on every machine. */
    private readonly name: string,
  ) {}

  /** Delivers `raw` to `to`; resolves once the server has answered the message's data. */
  send(from: string, to: readonly string[], raw: Buffer): Promise<DeliveryResult> {
    // An address goes inside <...> on a command line: a line break or bracket in it would end the
    // command and start another in the middle of the pipeline.
    const bad = !carriable(from, 'FROM') ? from : to.find((address) => !carriable(address, 'TO'));
    if (bad !== undefined) return Promise.reject(new Error(`not an address an SMTP envelope can carry: ${JSON.stringify(bad)}`));
    if (to.length === 0) return Promise.reject(new Error('a delivery needs at least one recipient'));
    return new Promise((resolve, reject) => {
      this.queue.push({ from, to, raw, accepted: [], rejected: [], resolve, reject });
      if (!this.socket) this.open();
      else this.schedulePump();
    });
  }

  /** Says QUIT and lets the connection go; deliveries still unanswered fail. */
  close(): void {
    const socket = this.socket;
    if (!socket) return;
    if (this.ready) {
      socket.end('QUIT\r\n');
      // The server's 221 and close are not waited for, and must not keep the process alive.
      socket.unref();
    } else socket.destroy();
    this.lose(socket, new Error('the delivery connection was closed'));
  }

  private open(): void {
    const socket = net.connect({ host: this.host, port: this.port });
    this.socket = socket;
    this.ready = false;
    this.chunking = false;
    this.received = '';
    this.replyLines = [];
    this.expected.splice(0, this.expected.length, { kind: 'greeting' });
    socket.setNoDelay(true);
    socket.setTimeout(REPLY_TIMEOUT_MS, () => socket.destroy(new Error('the SMTP server stopped answering')));
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.onData(socket, chunk));
    socket.on('error', (error) => this.lose(socket, error));
    socket.on('close', () => this.lose(socket, new Error('the SMTP server closed the connection')));
  }

  private onData(socket: net.Socket, chunk: string): void {
    if (socket !== this.socket) return;
    this.received += chunk;
    let end: number;
    while (socket === this.socket && (end = this.received.indexOf('\r\n')) !== -1) {
      const line = this.received.slice(0, end);
      this.received = this.received.slice(end + 2);
      this.replyLines.push(line);
      if (this.replyLines.length > MAX_REPLY_LINES) return this.fail(socket, 'sent a reply of too many lines');
      // "250-..." continues a reply; "250 ..." (or a bare "250") ends it (RFC 5321 4.2.1).
      if (line.length > 3 && line[3] === '-') continue;
      const lines = this.replyLines;
      this.replyLines = [];
      const code = Number(line.slice(0, 3));
      if (!/^[2-5][0-9][0-9]$/.test(line.slice(0, 3))) return this.fail(socket, `sent a line that is not a reply: ${JSON.stringify(line.slice(0, 80))}`);
      this.onReply(socket, { code, lines });
    }
    if (this.received.length > MAX_REPLY_LINE_OCTETS) this.fail(socket, `sent more than ${MAX_REPLY_LINE_OCTETS} octets without a line end`);
  }

  private onReply(socket: net.Socket, reply: Reply): void {
    const awaited = this.expected.shift();
    if (!awaited) return this.fail(socket, `answered a command that was not sent: ${describe(reply)}`);
    switch (awaited.kind) {
      case 'greeting':
        if (reply.code !== 220) return this.fail(socket, `greeted with ${describe(reply)}`);
        this.expected.push({ kind: 'ehlo' });
        socket.write(`EHLO ${this.name}\r\n`);
        return;
      case 'ehlo': {
        if (reply.code !== 250) return this.fail(socket, `answered EHLO with ${describe(reply)}`);
        const keywords = reply.lines.slice(1).map((line) => line.slice(4).split(' ')[0]!.toUpperCase());
        if (!keywords.includes('PIPELINING')) return this.fail(socket, 'does not offer PIPELINING (RFC 2920), which mailsim delivers with');
        this.chunking = keywords.includes('CHUNKING');
        this.ready = true;
        return this.pump();
      }
      case 'mail':
        if (!isPositive(reply)) awaited.transaction.refused ??= new SmtpReplyError('MAIL FROM', reply.code, describe(reply));
        return;
      case 'rcpt':
        (isPositive(reply) ? awaited.transaction.accepted : awaited.transaction.rejected).push(awaited.address);
        return;
      case 'data':
        return this.onDataReply(socket, awaited.transaction, reply);
      case 'end': {
        const { transaction } = awaited;
        if (isPositive(reply)) transaction.resolve({ accepted: transaction.accepted, rejected: transaction.rejected });
        // With BDAT the message went out behind its envelope: a refused MAIL, or no recipient
        // accepted, is why its BDAT was refused too.
        else if (transaction.refused) transaction.reject(transaction.refused);
        else if (transaction.accepted.length === 0) transaction.resolve({ accepted: [], rejected: transaction.rejected });
        else transaction.reject(new SmtpReplyError('the message', reply.code, describe(reply)));
        return;
      }
      case 'rset':
        return;
    }
  }

  /** 354: the data goes out, with the next envelope behind it. Anything else ends the transaction here. */
  private onDataReply(socket: net.Socket, transaction: Transaction, reply: Reply): void {
    this.sending = undefined;
    if (reply.code === 354) {
      this.expected.push({ kind: 'end', transaction });
      const next = this.queue.shift();
      const data = smtpData(transaction.raw);
      if (!next) return void socket.write(data);
      socket.write(Buffer.concat([data, this.envelope(next)]));
      return;
    }
    if (transaction.refused) transaction.reject(transaction.refused);
    else if (transaction.accepted.length === 0) transaction.resolve({ accepted: [], rejected: transaction.rejected });
    else transaction.reject(new SmtpReplyError('DATA', reply.code, describe(reply)));
    // The server may still hold the envelope (MAIL accepted, every RCPT refused): start afresh.
    this.expected.push({ kind: 'rset' });
    socket.write('RSET\r\n');
    this.pump();
  }

  /** Deliveries asked for in one turn go out together. */
  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    process.nextTick(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  /**
   * With CHUNKING: every waiting delivery, in one write. Without: the next waiting delivery's
   * envelope, unless one already waits for its 354.
   */
  private pump(): void {
    const socket = this.socket;
    if (!socket || !this.ready) return;
    if (this.chunking) {
      const waiting = this.queue.splice(0);
      if (waiting.length === 0) return;
      // One vectored write of every piece: the messages are not copied into one buffer first.
      socket.cork();
      for (const transaction of waiting) for (const piece of this.chunked(transaction)) socket.write(piece);
      socket.uncork();
      return;
    }
    if (this.sending) return;
    const next = this.queue.shift();
    if (next) socket.write(this.envelope(next));
  }

  /** MAIL, RCPT for each recipient, "BDAT <size> LAST", then the message: one transaction, no waiting (RFC 3030 2). */
  private chunked(transaction: Transaction): [Buffer, Buffer] {
    // CRLF line ends, as DATA would have made them: the same message stored either way.
    const message = crlfMessage(transaction.raw);
    const commands = this.commands(transaction) + `BDAT ${message.length} LAST\r\n`;
    this.expected.push({ kind: 'end', transaction });
    return [Buffer.from(commands, 'utf8'), message];
  }

  /** MAIL and RCPT lines, their replies awaited in that order. */
  private commands(transaction: Transaction): string {
    // An address that is not ASCII needs SMTPUTF8 (RFC 6531 3.4); the lines go out as UTF-8.
    const utf8 = [transaction.from, ...transaction.to].some((address) => /[^\x00-\x7f]/.test(address)) ? ' SMTPUTF8' : '';
    let commands = `MAIL FROM:<${transaction.from}>${utf8}\r\n`;
    this.expected.push({ kind: 'mail', transaction });
    for (const address of transaction.to) {
      commands += `RCPT TO:<${address}>\r\n`;
      this.expected.push({ kind: 'rcpt', transaction, address });
    }
    return commands;
  }

  /** MAIL, RCPT for each recipient and DATA, as one buffer (RFC 2920 3.1: DATA ends the group). */
  private envelope(transaction: Transaction): Buffer {
    this.sending = transaction;
    const commands = this.commands(transaction) + 'DATA\r\n';
    this.expected.push({ kind: 'data', transaction });
    return Buffer.from(commands, 'utf8');
  }

  private fail(socket: net.Socket, what: string): void {
    socket.destroy();
    this.lose(socket, new Error(`the SMTP server ${what}`));
  }

  /** The connection is gone: every delivery it carried or was to carry fails with `error`. */
  private lose(socket: net.Socket, error: Error): void {
    if (socket !== this.socket) return;
    this.socket = undefined;
    this.ready = false;
    this.sending = undefined;
    const failed = new Set<Transaction>(this.queue.splice(0));
    for (const awaited of this.expected.splice(0)) if ('transaction' in awaited) failed.add(awaited.transaction);
    for (const transaction of failed) transaction.reject(error);
  }
}

function isPositive(reply: Reply): boolean {
  return reply.code >= 200 && reply.code < 300;
}

/** A reply as an error names it: its code and text, lines joined. */
function describe(reply: Reply): string {
  const text = reply.lines.map((line) => line.slice(4)).join(' ').trim();
  return text === '' ? String(reply.code) : `${reply.code} ${text}`;
}
