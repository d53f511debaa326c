/** MAIL FROM and RCPT TO arguments (RFC 5321 4.1.2), parsed from the text after the verb. */
import { describe, expect, it } from 'vitest';
import { parsePath } from '../../src/smtp/paths.js';

describe('parsePath', () => {
  it('reads the mailbox and the parameters, in any case, with a space after the colon or not', () => {
    expect(parsePath('FROM:<bob@example.org> SIZE=1200 body=8BITMIME SMTPUTF8', 'FROM')).toEqual({
      address: 'bob@example.org',
      parameters: new Map([
        ['SIZE', '1200'],
        ['BODY', '8BITMIME'],
        ['SMTPUTF8', undefined],
      ]),
    });
    expect(parsePath('to: <Alice@Example.COM>', 'TO')).toEqual({ address: 'Alice@Example.COM', parameters: new Map() });
  });

  it('takes the null sender, a bare postmaster, quoted local parts, address literals, UTF-8, and drops a source route', () => {
    expect(parsePath('FROM:<>', 'FROM')?.address).toBe('');
    expect(parsePath('TO:<Postmaster>', 'TO')?.address).toBe('Postmaster');
    expect(parsePath('TO:<"odd > name"@example.com>', 'TO')?.address).toBe('"odd > name"@example.com');
    expect(parsePath('TO:<"a\\"b"@example.com>', 'TO')?.address).toBe('"a\\"b"@example.com');
    expect(parsePath('TO:<root@[127.0.0.1]>', 'TO')?.address).toBe('root@[127.0.0.1]');
    expect(parsePath('TO:<jürgen@bücher.example>', 'TO')?.address).toBe('jürgen@bücher.example');
    expect(parsePath('TO:<@relay.example,@other.example:alice@example.com>', 'TO')?.address).toBe('alice@example.com');
  });

  it('refuses what could deliver somewhere other than meant', () => {
    for (const [args, prefix] of [
      ['FROM:bob@example.org', 'FROM'],
      ['FROM:<bob@example.org', 'FROM'],
      ['TO:<bob@example.org>', 'FROM'],
      ['FROM <bob@example.org>', 'FROM'],
      ['TO:<a b@example.com>', 'TO'],
      ['TO:<a@b@example.com>', 'TO'],
      ['TO:<@example.com>', 'TO'],
      ['TO:<alice@>', 'TO'],
      ['TO:<alice>', 'TO'],
      ['TO:<a..b@example.com>', 'TO'],
      ['TO:<alice@example..com>', 'TO'],
      ['TO:<"unclosed@example.com>', 'TO'],
      ['TO:<alice@example.com>junk', 'TO'],
      ['TO:<alice@example.com> =x', 'TO'],
      ['TO:<alice@example.com> NOTIFY=', 'TO'],
      ['TO:<@relay.example>', 'TO'],
      ['TO:<ali\x00ce@example.com>', 'TO'],
    ] as const) {
      expect(parsePath(args, prefix), args).toBeUndefined();
    }
  });
});
