import net from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LineReader } from '../../src/pop3/line-reader.js';
import { Pop3Client } from '../../src/pop3/index.js';
import { rejection } from './helpers.js';

/** A scripted server connection: reads command lines, writes exact bytes, optionally one by one. */
class FakeConnection {
  private readonly reader = new LineReader();
  private readonly lines: string[] = [];
  private waiter?: () => void;

  constructor(readonly socket: net.Socket) {
    socket.setNoDelay(true);
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      for (const event of this.reader.push(chunk)) if (event.kind === 'line') this.lines.push(event.bytes.toString());
      this.waiter?.();
    });
  }

  async nextLine(): Promise<string> {
    while (this.lines.length === 0) await new Promise<void>((resolve) => (this.waiter = resolve));
    return this.lines.shift()!;
  }

  /** Each piece is flushed before the next is written, so the client sees it as its own chunk. */
  async write(...pieces: (string | Buffer)[]): Promise<void> {
    for (const piece of pieces) {
      await new Promise<void>((resolve) => this.socket.write(piece, () => resolve()));
    }
  }

  async writeBytewise(data: string | Buffer): Promise<void> {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
    for (let i = 0; i < bytes.length; i++) await this.write(bytes.subarray(i, i + 1));
  }
}

const servers: net.Server[] = [];
const sockets: net.Socket[] = [];
const clients: Pop3Client[] = [];

/** Starts a fake POP3 server running `script` on its one connection; resolves with the port. */
async function fake(script: (conn: FakeConnection) => Promise<void>): Promise<number> {
  const server = net.createServer((socket) => {
    sockets.push(socket);
    script(new FakeConnection(socket)).catch(() => socket.destroy());
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

async function connect(port: number, timeoutMs?: number): Promise<Pop3Client> {
  const client = await Pop3Client.connect({ host: '127.0.0.1', port, timeoutMs });
  clients.push(client);
  return client;
}

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  for (const socket of sockets.splice(0)) socket.destroy();
  for (const server of servers.splice(0)) await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('Pop3Client against scripted servers', () => {
  it('reads every response split byte by byte, the terminator split as "\\r\\n." + "\\r\\n"', async () => {
    const body = Buffer.concat([
      Buffer.from('Subject: hi\r\n\r\n..leading dot\r\n'),
      Buffer.from([0xe9, 0xff, 0x80]),
      Buffer.from('\r\n..\r\nlast'),
    ]);
    const port = await fake(async (conn) => {
      await conn.writeBytewise('+OK ready <9.1@fake>\r\n');
      expect(await conn.nextLine()).toBe('STAT');
      await conn.writeBytewise('+OK 1 43\r\n');
      expect(await conn.nextLine()).toBe('UIDL');
      await conn.writeBytewise('+OK\r\n1 abc\r\n');
      await conn.write('.', '\r\n');
      expect(await conn.nextLine()).toBe('RETR 1');
      await conn.writeBytewise('+OK 43 octets\r\n');
      await conn.writeBytewise(body);
      await conn.write('\r\n.', '\r\n');
    });
    const client = await connect(port);
    expect(client.greeting).toBe('+OK ready <9.1@fake>');
    expect(client.apopTimestamp).toBe('<9.1@fake>');
    expect(await client.stat()).toEqual({ count: 1, size: 43 });
    expect(await client.uidl()).toEqual([{ number: 1, uid: 'abc' }]);
    const message = await client.retr(1);
    expect(message).toEqual(
      Buffer.concat([Buffer.from('Subject: hi\r\n\r\n.leading dot\r\n'), Buffer.from([0xe9, 0xff, 0x80]), Buffer.from('\r\n.\r\nlast\r\n')]),
    );
  });

  it('does not end a body at "\\r\\n.x" or ".." split across chunks', async () => {
    const port = await fake(async (conn) => {
      await conn.write('+OK hi\r\n');
      await conn.nextLine();
      await conn.write('+OK\r\na\r\n.', 'x\r\n.', '.\r\n', '.', '\r\n');
    });
    const client = await connect(port);
    expect((await client.top(1, 5)).toString()).toBe('a\r\nx\r\n.\r\n');
  });

  it('rejects a -ERR with its text and response code, and goes on', async () => {
    const port = await fake(async (conn) => {
      await conn.write('+OK hi\r\n');
      await conn.nextLine();
      await conn.writeBytewise('+OK send PASS\r\n');
      await conn.nextLine();
      await conn.writeBytewise('-ERR [IN-USE] Do you have another POP session running?\r\n');
      expect(await conn.nextLine()).toBe('NOOP');
      await conn.write('-ERR [SYS/TEMP] try later\r\n');
    });
    const client = await connect(port);
    const error = await rejection(client.login('u', 'p'));
    expect(error).toMatchObject({
      code: 'ERR',
      respCode: 'IN-USE',
      response: '-ERR [IN-USE] Do you have another POP session running?',
    });
    expect(await rejection(client.noop())).toMatchObject({ code: 'ERR', respCode: 'SYS/TEMP' });
  });

  it('times out when the server never answers, then rejects later calls with CLOSED', async () => {
    const port = await fake(async (conn) => {
      await conn.write('+OK hi\r\n');
    });
    const client = await connect(port, 200);
    const error = await rejection(client.noop());
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toBe('no response within 200 ms');
    expect(await rejection(client.noop())).toMatchObject({ code: 'CLOSED' });
  });

  it('times out waiting for a greeting that never comes', async () => {
    const port = await fake(async () => undefined);
    const error = await rejection(Pop3Client.connect({ host: '127.0.0.1', port, timeoutMs: 200 }));
    expect(error.code).toBe('TIMEOUT');
  });

  it('arms its inactivity timer only while a response is due, so an idle client stays connected', async () => {
    const port = await fake(async (conn) => {
      await conn.write('+OK hi\r\n');
      await conn.nextLine();
      await conn.write('+OK\r\n');
    });
    const spy = vi.spyOn(net.Socket.prototype, 'setTimeout');
    try {
      const client = await connect(port, 200);
      expect(spy.mock.calls.map((call) => call[0])).toEqual([200, 0]);
      await client.noop();
      expect(spy.mock.calls.map((call) => call[0])).toEqual([200, 0, 200, 0]);
    } finally {
      spy.mockRestore();
    }
  });

  it('rejects with CLOSED when the server closes mid-response, and all later calls too', async () => {
    const port = await fake(async (conn) => {
      await conn.write('+OK hi\r\n');
      await conn.nextLine();
      await conn.writeBytewise('+OK 120 octets\r\nSubject: cut\r\n\r\npartial');
      conn.socket.end();
    });
    const client = await connect(port);
    const retr = client.retr(1);
    const queued = client.stat();
    expect(await rejection(retr)).toMatchObject({ code: 'CLOSED', message: 'connection closed by server' });
    expect(await rejection(queued)).toMatchObject({ code: 'CLOSED' });
    expect(await rejection(client.noop())).toMatchObject({ code: 'CLOSED' });
  });

  it('refuses a server that does not speak POP3', async () => {
    const port = await fake(async (conn) => {
      await conn.write('* OK IMAP4rev1 ready\r\n');
    });
    expect(await rejection(Pop3Client.connect({ host: '127.0.0.1', port }))).toMatchObject({ code: 'PROTOCOL' });
  });

  it('rejects a -ERR greeting', async () => {
    const port = await fake(async (conn) => {
      await conn.write('-ERR [SYS/PERM] maintenance\r\n');
    });
    expect(await rejection(Pop3Client.connect({ host: '127.0.0.1', port }))).toMatchObject({
      code: 'ERR',
      respCode: 'SYS/PERM',
    });
  });

  it('reports a malformed listing as PROTOCOL and an unsolicited line as a broken connection', async () => {
    const port = await fake(async (conn) => {
      await conn.write('+OK hi\r\n');
      await conn.nextLine();
      await conn.write('+OK\r\none two\r\n.\r\n');
      await conn.nextLine();
      await conn.write('+OK\r\n+OK surprise\r\n');
    });
    const client = await connect(port);
    expect(await rejection(client.list())).toMatchObject({ code: 'PROTOCOL' });
    await client.noop();
    expect(await rejection(client.noop())).toMatchObject({ code: 'CLOSED' });
  });

  it('refuses APOP when the greeting has no timestamp', async () => {
    const port = await fake(async (conn) => {
      await conn.write('+OK plain greeting\r\n');
    });
    const client = await connect(port);
    expect(client.apopTimestamp).toBeUndefined();
    expect(await rejection(client.apop('u', 'p'))).toMatchObject({ code: 'PROTOCOL' });
  });

  it('reports a refused connection as CLOSED', async () => {
    const port = await fake(async () => undefined);
    await new Promise<void>((resolve) => servers.pop()!.close(() => resolve()));
    expect(await rejection(Pop3Client.connect({ host: '127.0.0.1', port }))).toMatchObject({ code: 'CLOSED' });
  });
});
