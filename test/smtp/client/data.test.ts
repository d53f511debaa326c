import fc from 'fast-check';
import DataStream from 'nodemailer/lib/smtp-connection/data-stream.js';
import { describe, expect, it } from 'vitest';
import { smtpData } from '../../../src/smtp/client/data.js';

/** What nodemailer's DataStream, which delivered mailsim's mail before, made of one message. */
function viaNodemailer(raw: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const stream = new DataStream();
    const out: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => out.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(out)));
    stream.on('error', reject);
    stream.end(raw);
  });
}

describe('smtpData', () => {
  it('stuffs dots, makes every line end CRLF and ends the data', () => {
    expect(smtpData(Buffer.from('a\r\n.b\r\n')).toString()).toBe('a\r\n..b\r\n.\r\n');
    expect(smtpData(Buffer.from('.\nx')).toString()).toBe('..\r\nx\r\n.\r\n');
    expect(smtpData(Buffer.from('a\r.b')).toString()).toBe('a\r\n..b\r\n.\r\n');
    expect(smtpData(Buffer.from('a\r')).toString()).toBe('a\r\n.\r\n');
    expect(smtpData(Buffer.alloc(0)).toString()).toBe('\r\n.\r\n');
  });

  it('keeps a message that needs nothing as it is, terminator added', () => {
    const raw = Buffer.from('Subject: x\r\n\r\nHello\r\n');
    expect(smtpData(raw).equals(Buffer.concat([raw, Buffer.from('.\r\n')]))).toBe(true);
  });

  it('gives the bytes nodemailer gave, for any message', async () => {
    const octet = fc.constantFrom(0x0d, 0x0a, 0x2e, 0x61, 0x20, 0xe9);
    await fc.assert(
      fc.asyncProperty(fc.array(octet, { maxLength: 60 }), async (octets) => {
        const raw = Buffer.from(octets);
        expect(smtpData(raw).equals(await viaNodemailer(raw))).toBe(true);
      }),
      { numRuns: 500, seed: 20261202 },
    );
  });
});
