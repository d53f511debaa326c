import { Pop3Error } from './errors.js';
import type { Pop3Response } from './response.js';

const CRLF = Buffer.from('\r\n');

/** "+OK 2 320" -> { count: 2, size: 320 } (RFC 1939 5 STAT). */
export function parseStat(response: Pop3Response): { count: number; size: number } {
  const match = /^(\d+) (\d+)(?: |$)/.exec(response.text);
  if (!match) throw protocol('STAT', response.status);
  return { count: Number(match[1]), size: Number(match[2]) };
}

/** LIST lines "n size". */
export function parseListing(response: Pop3Response): { number: number; size: number }[] {
  return response.lines.map((bytes) => {
    const line = bytes.toString('utf8');
    const match = /^(\d+) (\d+)(?: |$)/.exec(line);
    if (!match) throw protocol('LIST', line);
    return { number: Number(match[1]), size: Number(match[2]) };
  });
}

/** UIDL lines "n unique-id"; RFC 1939 7: the id is 1..70 characters 0x21-0x7E. */
export function parseUidListing(response: Pop3Response): { number: number; uid: string }[] {
  return response.lines.map((bytes) => {
    const line = bytes.toString('latin1');
    const match = /^(\d+) ([\x21-\x7e]{1,70})$/.exec(line);
    if (!match) throw protocol('UIDL', line);
    return { number: Number(match[1]), uid: match[2]! };
  });
}

/** Message content as the user's mail client stores it: every line ended by CRLF. */
export function joinLines(lines: readonly Buffer[]): Buffer {
  const parts: Buffer[] = [];
  for (const line of lines) parts.push(line, CRLF);
  return Buffer.concat(parts);
}

/** The APOP timestamp of a greeting (RFC 1939 7: a msg-id such as <1896.697170952@dbc.mtview.ca.us>). */
export function apopTimestampOf(greeting: string): string | undefined {
  return /<[^<>\s]*@[^<>\s]*>/.exec(greeting)?.[0];
}

function protocol(command: string, line: string): Pop3Error {
  return new Pop3Error('PROTOCOL', `malformed ${command} response: ${JSON.stringify(line.slice(0, 80))}`, line);
}
