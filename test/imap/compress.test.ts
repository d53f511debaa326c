import { afterEach, describe, expect, it } from 'vitest';
import { CompressedClient, imapWorld, type ImapWorld } from './helpers.js';

let world: ImapWorld;
afterEach(async () => world?.close());

describe('COMPRESS=DEFLATE (RFC 4978)', () => {
  it('switches both directions to DEFLATE after its tagged OK, and refuses a second COMPRESS', async () => {
    world = await imapWorld();
    world.deliver('hello', { body: 'z'.repeat(100_000) });
    const raw = await world.raw();
    expect(await raw.command('a', 'COMPRESS DEFLATE')).toBe('a BAD [CLIENTBUG] COMPRESS is not valid in the not-authenticated state\r\n');
    await raw.command('l', 'LOGIN alice secret');
    expect(await raw.command('b', 'COMPRESS LZ4')).toBe('b BAD COMPRESS: unknown mechanism LZ4; this server offers DEFLATE\r\n');
    expect(await raw.command('c', 'COMPRESS DEFLATE')).toBe('c OK DEFLATE active\r\n');
    const client = new CompressedClient(raw.socket);
    expect(await client.command('d', 'NOOP')).toBe('d OK NOOP completed\r\n');
    expect(await client.command('e', 'COMPRESS DEFLATE')).toBe('e NO [COMPRESSIONACTIVE] Compression is already on\r\n');
    await client.command('s', 'SELECT INBOX');
    const fetched = await client.command('f', 'FETCH 1 BODY.PEEK[TEXT]');
    expect(fetched).toBe(`* 1 FETCH (BODY[TEXT] {100002}\r\n${'z'.repeat(100_000)}\r\n)\r\nf OK FETCH completed\r\n`);
    // The transcript holds the lines before compression, readable.
    const lines = world.wire.map((e) => `${e.direction}: ${e.text}`);
    expect(lines).toContain('C: f FETCH 1 BODY.PEEK[TEXT]');
    expect(lines).toContain('S: f OK FETCH completed');
  });

  it('closes a connection whose compressed stream is corrupt, and serves the others', async () => {
    world = await imapWorld();
    const raw = await world.raw();
    await raw.command('l', 'LOGIN alice secret');
    await raw.command('c', 'COMPRESS DEFLATE');
    raw.write(Buffer.from([0xff, 0xff, 0xff, 0xff, 0x00, 0x13]));
    await raw.closedByServer();
    const other = await world.raw();
    expect(await other.command('n', 'NOOP')).toBe('n OK NOOP completed\r\n');
  });

  it('imapflow compresses when offered, and not when turned off', async () => {
    world = await imapWorld();
    world.deliver('hello', { body: 'line\r\n'.repeat(5000) });
    const client = await world.client();
    await client.mailboxOpen('INBOX');
    const message = await client.fetchOne('1', { source: true });
    expect(message && message.source?.toString()).toContain('line\r\nline\r\n');
    expect(world.wire.some((e) => e.direction === 'C' && /^\S+ COMPRESS DEFLATE$/.test(e.text))).toBe(true);
    await world.close();
    world = await imapWorld({ capabilities: ['-COMPRESS'] });
    const plain = await world.client();
    await plain.mailboxOpen('INBOX');
    expect(world.wire.some((e) => e.text.includes('COMPRESS'))).toBe(false);
  });
});
