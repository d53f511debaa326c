import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Pop3Client } from '../../src/pop3/index.js';
import { deliver, MESSAGE_1, MESSAGE_2, MESSAGE_3, RawConnection, startPop3, TOTAL_3, type Pop3Env } from './helpers.js';

let env: Pop3Env;
const open: RawConnection[] = [];

async function connect(): Promise<RawConnection> {
  const { conn } = await RawConnection.greeted(env.port);
  open.push(conn);
  return conn;
}

beforeEach(async () => {
  env = await startPop3();
});

afterEach(async () => {
  for (const conn of open.splice(0)) conn.destroy();
  await env.close();
});

describe('POP3 framing', () => {
  it('handles every command sent one byte per TCP write', async () => {
    deliver(env.alice, MESSAGE_1);
    const conn = await connect();
    await conn.sendBytewise('USER alice\r\n');
    expect(await conn.line()).toBe('+OK send PASS for alice');
    await conn.sendBytewise('PASS secret\r\n');
    expect(await conn.line()).toMatch(/^\+OK alice@example.com has 1 message/);
    await conn.sendBytewise('RETR 1\r\n');
    expect((await conn.multiline()).body.toString()).toBe(MESSAGE_1);
  });

  it('answers pipelined commands in order, byte for byte', async () => {
    deliver(env.alice, MESSAGE_1);
    deliver(env.alice, MESSAGE_2);
    const conn = await connect();
    const id2 = env.alice.inbox.messages[1]!.id;
    conn.send('USER alice\r\nPASS secret\r\nSTAT\r\nLIST 2\r\nRETR 2\r\nUIDL 2\r\nDELE 1\r\nBOGUS\r\nQUIT\r\n');
    await conn.waitClosed();
    expect(conn.unread.toString()).toBe(
      [
        '+OK send PASS for alice',
        `+OK alice@example.com has 2 messages (${MESSAGE_1.length + MESSAGE_2.length} octets)`,
        `+OK 2 ${MESSAGE_1.length + MESSAGE_2.length}`,
        `+OK 2 ${MESSAGE_2.length}`,
        `+OK ${MESSAGE_2.length} octets\r\n${MESSAGE_2}.`,
        `+OK 2 ${id2}`,
        '+OK message 1 deleted',
        '-ERR unknown command "BOGUS"',
        '+OK mailsim POP3 server signing off (1 message deleted)',
        '',
      ].join('\r\n'),
    );
  });

  it('ignores commands pipelined after QUIT', async () => {
    deliver(env.alice, MESSAGE_1);
    const conn = await connect();
    conn.send('USER alice\r\nPASS secret\r\nQUIT\r\nDELE 1\r\n');
    await conn.waitClosed();
    expect(conn.unread.toString().trimEnd().split('\r\n')).toHaveLength(3);
    expect(env.alice.inbox.messages).toHaveLength(1);
  });

  it('accepts bare LF line ends from clients', async () => {
    const conn = await connect();
    conn.send('USER alice\nPASS secret\nSTAT\n');
    expect(await conn.line()).toMatch(/^\+OK send PASS/);
    expect(await conn.line()).toMatch(/^\+OK alice@example.com/);
    expect(await conn.line()).toBe('+OK 0 0');
  });

  it('keeps answering in order when the client reads slowly (back-pressure)', async () => {
    const big = 'Subject: big\r\n\r\n' + ('x'.repeat(998) + '\r\n').repeat(256);
    deliver(env.alice, big);
    const conn = await connect();
    await conn.login();
    conn.socket.pause();
    conn.send('RETR 1\r\n'.repeat(20) + 'STAT\r\n');
    conn.socket.resume();
    for (let i = 0; i < 20; i++) {
      const { status, body } = await conn.multiline();
      expect(status).toBe(`+OK ${big.length} octets`);
      expect(body.length).toBe(big.length);
    }
    expect(await conn.line()).toBe(`+OK 1 ${big.length}`);
  });

  it('answers everything a client pipelined before half-closing, QUIT included', async () => {
    const big = 'Subject: big\r\n\r\n' + ('y'.repeat(998) + '\r\n').repeat(256);
    deliver(env.alice, big);
    deliver(env.alice, MESSAGE_2);
    const conn = await connect();
    await conn.login();
    conn.socket.pause();
    conn.send('RETR 1\r\n'.repeat(20) + 'DELE 2\r\nQUIT\r\n');
    conn.socket.end();
    conn.socket.resume();
    for (let i = 0; i < 20; i++) expect((await conn.multiline()).body.length).toBe(big.length);
    expect(await conn.line()).toBe('+OK message 2 deleted');
    expect(await conn.line()).toBe('+OK mailsim POP3 server signing off (1 message deleted)');
    expect(env.alice.inbox.messages).toHaveLength(1);
  });
});

describe('POP3 message transfer', () => {
  it('dot-stuffs body lines starting with "." on the wire; the client unstuffs them', async () => {
    const text = 'Subject: dots\r\n\r\n.hidden\r\n..two\r\n.\r\nend.\r\n';
    deliver(env.alice, text);
    const conn = await connect();
    await conn.login();
    conn.send('RETR 1\r\n');
    const { status, body } = await conn.multiline();
    expect(status).toBe(`+OK ${text.length} octets`);
    expect(body.toString()).toBe('Subject: dots\r\n\r\n..hidden\r\n...two\r\n..\r\nend.\r\n');
    conn.send('TOP 1 1\r\n');
    expect((await conn.multiline()).body.toString()).toBe('Subject: dots\r\n\r\n..hidden\r\n');
    conn.destroy();

    await (await env.acceptedNth(1)).closed;
    const client = await Pop3Client.connect({ host: '127.0.0.1', port: env.port });
    await client.login('alice', 'secret');
    expect((await client.retr(1)).toString()).toBe(text);
    await client.quit();
  });

  it('sends LF-only stored messages with CRLF and reports the CRLF size', async () => {
    const stored = 'From: lf@example.com\nSubject: unix\n\nline one\nline two\n';
    const wire = stored.replace(/\n/g, '\r\n');
    deliver(env.alice, stored);
    const conn = await connect();
    await conn.login();
    expect(await conn.command('LIST 1')).toBe(`+OK 1 ${wire.length}`);
    conn.send('RETR 1\r\n');
    const { status, body } = await conn.multiline();
    expect(status).toBe(`+OK ${wire.length} octets`);
    expect(body.toString()).toBe(wire);
    expect(/(^|[^\r])\n/.test(body.toString())).toBe(false);
    expect(env.alice.inbox.messages[0]!.raw.toString()).toBe(stored);
  });

  it('ends a final unterminated line with CRLF and counts it in the size', async () => {
    deliver(env.alice, 'Subject: no newline\r\n\r\nlast line');
    deliver(env.alice, Buffer.alloc(0));
    const conn = await connect();
    await conn.login();
    const expected = 'Subject: no newline\r\n\r\nlast line\r\n';
    expect((await conn.listing('LIST')).lines).toEqual([`1 ${expected.length}`, '2 0']);
    conn.send('RETR 1\r\n');
    expect((await conn.multiline()).body.toString()).toBe(expected);
    conn.send('RETR 2\r\n');
    expect(await conn.multiline()).toEqual({ status: '+OK 0 octets', body: Buffer.alloc(0) });
  });

  it('reports sizes equal to the bytes RETR delivers, 8-bit bodies included', async () => {
    const eightBit = Buffer.concat([Buffer.from('Subject: 8bit\n\n'), Buffer.from([0xe9, 0xff, 0x00, 0x80, 0x0a]), Buffer.from('.x\r\n')]);
    for (const text of [MESSAGE_1, MESSAGE_2, MESSAGE_3]) deliver(env.alice, text);
    deliver(env.alice, eightBit);
    const client = await Pop3Client.connect({ host: '127.0.0.1', port: env.port });
    await client.login('alice', 'secret');
    const listing = await client.list();
    expect((await client.stat()).size).toBe(listing.reduce((sum, entry) => sum + entry.size, 0));
    for (const { number, size } of listing) expect((await client.retr(number)).length).toBe(size);
    expect(await client.retr(4)).toEqual(
      Buffer.concat([Buffer.from('Subject: 8bit\r\n\r\n'), Buffer.from([0xe9, 0xff, 0x00, 0x80, 0x0d, 0x0a]), Buffer.from('.x\r\n')]),
    );
    expect(listing.slice(0, 3).reduce((sum, entry) => sum + entry.size, 0)).toBe(TOTAL_3);
    await client.quit();
  });
});
