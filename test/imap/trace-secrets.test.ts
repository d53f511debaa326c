/**
 * Passwords never reach a transcript (issue 11, defect 11), whatever the spacing, tag or order of
 * a malformed but real login: masking follows the protocol state, not one regex of the
 * well-formed command.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { imapWorld, type ImapWorld } from './helpers.js';

let world: ImapWorld;
afterEach(async () => world?.close());

/** bob's password in these tests: unlike alice's ("secret"), it appears in no other text. */
const PASSWORD = 'hunter2-secret';
const b64 = (text: string) => Buffer.from(text).toString('base64');
const PLAIN = b64(`\0bob@example.com\0${PASSWORD}`);

async function start(): Promise<void> {
  world = await imapWorld();
  world.store.addAccount('bob@example.com', PASSWORD);
}

/** Every transcript line, both directions, as `C: ...` / `S: ...`. */
function transcript(): string {
  return world.wire.map((event) => `${event.direction}: ${event.text}`).join('\n');
}

function expectNoSecret(): void {
  const text = transcript();
  for (const secret of [PASSWORD, b64(PASSWORD), PLAIN, PLAIN.slice(0, 12)]) expect(text).not.toContain(secret);
}

describe('IMAP transcripts mask secrets by protocol state', () => {
  it.each([
    ['two spaces after the tag', `a1  LOGIN bob@example.com ${PASSWORD}`, 'C: a1 LOGIN ********'],
    ['a tab after LOGIN', `a2 LOGIN\tbob@example.com ${PASSWORD}`, 'C: a2 LOGIN ********'],
    ['an untagged LOGIN', `LOGIN bob@example.com ${PASSWORD}`, 'C: LOGIN ********'],
    ['lower case', `a3 login bob@example.com ${PASSWORD}`, 'C: a3 login bob@example.com ********'],
    ['AUTHENTICATE PLAIN with two spaces', `a4 AUTHENTICATE PLAIN  ${PLAIN}`, 'C: a4 AUTHENTICATE PLAIN ********'],
    ['AUTHENTICATE with a tab', `a5 AUTHENTICATE\tPLAIN ${PLAIN}`, 'C: a5 AUTHENTICATE PLAIN ********'],
  ])('%s', async (_what, line, shown) => {
    await start();
    const raw = await world.raw();
    raw.write(`${line}\r\n`);
    await raw.readUntil(/^(\S+) (OK|NO|BAD) .*\r\n/m);
    expect(transcript()).toContain(shown);
    expectNoSecret();
  });

  it('a LOGIN whose arguments are literals', async () => {
    await start();
    const raw = await world.raw();
    raw.write(`a LOGIN {15+}\r\nbob@example.com {${PASSWORD.length}+}\r\n${PASSWORD}\r\n`);
    await raw.readUntil(/^a OK/m);
    expect(transcript()).toContain('C: a LOGIN bob@example.com ********');
    expectNoSecret();
  });

  it('the SASL lines a client sends after an unsupported AUTHENTICATE LOGIN are neither traced nor echoed', async () => {
    await start();
    const raw = await world.raw();
    raw.write('a AUTHENTICATE LOGIN\r\n');
    expect(await raw.readUntil(/^a NO .*\r\n/m)).toBe('a NO [CANNOT] Unsupported mechanism LOGIN; use PLAIN\r\n');
    raw.take();
    raw.write(`${b64('bob@example.com')}\r\n${b64(PASSWORD)}\r\n`);
    await raw.readUntil(/(^\* BAD .*\r\n){2}/m);
    // Answered without a tag: the "tag" would be the password.
    expect(raw.text).not.toContain(b64(PASSWORD));
    expect(transcript()).not.toContain(b64('bob@example.com'));
    expectNoSecret();
    // The next real command is traced and answered as usual.
    expect(await raw.command('b', 'NOOP')).toBe('b OK NOOP completed\r\n');
    expect(transcript()).toContain('C: b NOOP');
  });

  it('the line answering an AUTHENTICATE challenge', async () => {
    await start();
    const raw = await world.raw();
    raw.write('a AUTHENTICATE PLAIN\r\n');
    await raw.readUntil(/^\+ \r\n/m);
    raw.write(`${PLAIN}\r\n`);
    await raw.readUntil(/^a OK/m);
    expect(transcript()).toContain('C: ********');
    expectNoSecret();
  });
});
