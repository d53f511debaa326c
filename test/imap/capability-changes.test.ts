import { afterEach, describe, expect, it } from 'vitest';
import { applyCapabilityChanges, CapabilityChangeError } from '../../src/imap/capability-changes.js';
import { EXTENSIONS } from '../../src/imap/extensions/index.js';
import { featuresOf, ImapFeatures } from '../../src/imap/features.js';
import { deriveProfile } from '../../src/providers/profile.js';
import { STANDARD_PROFILE } from '../../src/providers/standard.js';
import { startServer } from '../../src/server/start.js';
import { ServerStartError } from '../../src/server/errors.js';
import { imapWorld, type ImapWorld } from './helpers.js';

let world: ImapWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

function capabilitiesAfter(changes: string[]): readonly string[] {
  return featuresOf(applyCapabilityChanges(STANDARD_PROFILE, changes).profile).capabilities;
}

describe('capabilities derived from the profile', () => {
  it('lists each piece that is on, in registry order, and registers its commands', () => {
    const features = featuresOf(STANDARD_PROFILE);
    const order = EXTENSIONS.flatMap((e) => (typeof e.capabilities === 'function' ? e.capabilities(STANDARD_PROFILE) : e.capabilities));
    expect(features.capabilities).toEqual(order.filter((c) => features.capabilities.includes(c)));
    expect(features.capabilities[0]).toBe('IMAP4rev1');
    for (const extension of EXTENSIONS) for (const command of extension.commands ?? []) expect(features.commands.get(command.name)).toBe(command);
    expect(features.capabilities).toContain('SASL-IR');
  });

  it('refuses a profile that names an unknown piece, lacks a required one, or has two that exclude each other', () => {
    expect(() => new ImapFeatures(deriveProfile(STANDARD_PROFILE, { on: ['X-NOPE'] }))).toThrow('unknown IMAP extension X-NOPE');
    expect(() => new ImapFeatures(deriveProfile(STANDARD_PROFILE, { off: ['LIST-EXTENDED'] }))).toThrow('LIST-STATUS needs LIST-EXTENDED');
    expect(() => new ImapFeatures(deriveProfile(STANDARD_PROFILE, { on: ['LITERAL-'] }))).toThrow('cannot both be on');
  });
});

describe('applyCapabilityChanges (--capabilities)', () => {
  it('turns a piece off by capability name, by the part before "=", case-insensitively', () => {
    expect(capabilitiesAfter(['-move'])).not.toContain('MOVE');
    expect(capabilitiesAfter(['-STATUS'])).not.toContain('STATUS=SIZE');
    expect(capabilitiesAfter(['-AUTH=PLAIN'])).not.toContain('AUTH=PLAIN');
  });

  it('takes what needs a piece with it, and brings what a piece needs, saying so', () => {
    const off = applyCapabilityChanges(STANDARD_PROFILE, ['-LIST-EXTENDED']);
    expect(off.notes).toEqual(['IMAP4rev2 off too (it needs LIST-EXTENDED)', 'LIST-STATUS off too (it needs LIST-EXTENDED)']);
    const back = applyCapabilityChanges(off.profile, ['+IMAP4rev2']);
    expect(back.notes).toEqual(['LIST-EXTENDED on too (IMAP4rev2 needs it)', 'LIST-STATUS on too (IMAP4rev2 needs it)']);
    expect(featuresOf(back.profile).capabilities).toEqual(featuresOf(STANDARD_PROFILE).capabilities);
    const minus = applyCapabilityChanges(STANDARD_PROFILE, ['LITERAL-']);
    expect(minus.notes).toEqual(['LITERAL+ off (it cannot be on with LITERAL-)']);
  });

  it('refuses unknown names and the base protocol', () => {
    expect(() => applyCapabilityChanges(STANDARD_PROFILE, ['-NOPE'])).toThrow(CapabilityChangeError);
    try {
      applyCapabilityChanges(STANDARD_PROFILE, ['-NOPE']);
    } catch (error) {
      expect((error as CapabilityChangeError).unknown?.name).toBe('NOPE');
      expect((error as CapabilityChangeError).unknown?.known).toContain('MOVE');
    }
    expect(() => applyCapabilityChanges(STANDARD_PROFILE, ['-IMAP4rev1'])).toThrow('IMAP4rev1 is the base protocol and cannot be turned off');
  });

  it('startServer refuses a bad change with BAD_CAPABILITY before listening, and reports the result', async () => {
    await expect(startServer({ capabilities: ['-NOPE'] })).rejects.toMatchObject({ code: 'BAD_CAPABILITY' });
    await expect(startServer({ capabilities: ['-NOPE'] })).rejects.toBeInstanceOf(ServerStartError);
    const server = await startServer({ ports: { pop3: false, smtp: false }, capabilities: ['-MOVE'] });
    try {
      expect(server.imapCapabilities).not.toContain('MOVE');
      expect(server.capabilityNotes).toEqual(['IMAP4rev2 off too (it needs MOVE)']);
    } finally {
      await server.close();
    }
  });
});

describe('a server with pieces turned off', () => {
  it('forgets the commands of a piece that is off and stops advertising it', async () => {
    world = await imapWorld({ capabilities: ['-MOVE', '-UNSELECT', '-NAMESPACE', '-ID', '-IDLE', '-ENABLE', '-UNAUTHENTICATE'] });
    world.deliver('one');
    const raw = await world.raw();
    await raw.loginAndSelect();
    const capability = await raw.command('c', 'CAPABILITY');
    for (const name of ['MOVE', 'UNSELECT', 'NAMESPACE', 'ID', 'IDLE', 'ENABLE', 'UNAUTHENTICATE']) expect(capability.split(/[ \r]/)).not.toContain(name);
    for (const command of ['MOVE 1 Archive', 'UNSELECT', 'NAMESPACE', 'ID NIL', 'IDLE', 'ENABLE CONDSTORE', 'UNAUTHENTICATE']) {
      const name = command.split(' ')[0]!;
      expect(await raw.command('x', command)).toBe(`x BAD Unknown command ${name}\r\n`);
    }
  });

  it('without CONDSTORE: no HIGHESTMODSEQ, and its options are BAD', async () => {
    world = await imapWorld({ capabilities: ['-CONDSTORE'] });
    world.deliver('one');
    const raw = await world.raw();
    expect(await raw.loginAndSelect()).not.toContain('HIGHESTMODSEQ');
    expect(await raw.command('a', 'SELECT INBOX (CONDSTORE)')).toBe('a BAD The CONDSTORE select parameter needs CONDSTORE, which this server does not offer\r\n');
    await raw.command('s', 'SELECT INBOX');
    expect(await raw.command('b', 'FETCH 1 (FLAGS) (CHANGEDSINCE 1)')).toBe('b BAD CHANGEDSINCE needs CONDSTORE, which this server does not offer\r\n');
    expect(await raw.command('c', 'FETCH 1 (MODSEQ)')).toBe('c BAD FETCH MODSEQ needs CONDSTORE, which this server does not offer\r\n');
    expect(await raw.command('d', 'STORE 1 (UNCHANGEDSINCE 5) +FLAGS (x)')).toBe('d BAD UNCHANGEDSINCE needs CONDSTORE, which this server does not offer\r\n');
    expect(await raw.command('e', 'SEARCH MODSEQ 1')).toBe('e BAD SEARCH MODSEQ needs CONDSTORE, which this server does not offer\r\n');
    expect(await raw.command('f', 'STATUS INBOX (HIGHESTMODSEQ)')).toBe('f BAD STATUS HIGHESTMODSEQ needs CONDSTORE, which this server does not offer\r\n');
    expect(await raw.command('g', 'ENABLE CONDSTORE')).toBe('* ENABLED\r\ng OK ENABLE completed\r\n');
  });

  it('without UIDPLUS: UID EXPUNGE is BAD and APPEND, COPY and MOVE carry no UIDs', async () => {
    world = await imapWorld({ capabilities: ['-UIDPLUS'] });
    world.deliver('one');
    world.deliver('two');
    const raw = await world.raw();
    await raw.loginAndSelect();
    expect(await raw.command('a', 'UID EXPUNGE 1')).toBe('a BAD UID EXPUNGE needs UIDPLUS, which this server does not offer\r\n');
    expect(await raw.command('b', 'COPY 1 Archive')).toBe('b OK COPY completed\r\n');
    expect(await raw.command('c', 'MOVE 1 Archive')).toBe('* 1 EXPUNGE\r\nc OK MOVE completed\r\n');
    expect(await raw.command('d', 'APPEND Archive {3+}\r\nx\r\n')).toBe('d OK APPEND completed\r\n');
  });

  it('without LIST-EXTENDED, SPECIAL-USE, CHILDREN, STATUS=SIZE: a plain RFC 3501 LIST and STATUS', async () => {
    world = await imapWorld({ capabilities: ['-LIST-EXTENDED', '-SPECIAL-USE', '-CHILDREN', '-STATUS=SIZE'] });
    const raw = await world.raw();
    await raw.command('l', 'LOGIN alice secret');
    expect(await raw.command('a', 'LIST "" Sent')).toBe('* LIST () "/" "Sent"\r\na OK LIST completed\r\n');
    expect(await raw.command('b', 'LIST (SUBSCRIBED) "" *')).toBe(
      'b BAD LIST with selection options, several patterns or RETURN needs LIST-EXTENDED, which this server does not offer\r\n',
    );
    expect(await raw.command('c', 'STATUS INBOX (SIZE)')).toBe('c BAD STATUS SIZE needs STATUS=SIZE, which this server does not offer\r\n');
  });

  it('without SASL-IR and AUTH=PLAIN: no initial response, no PLAIN; LOGIN still works', async () => {
    world = await imapWorld({ capabilities: ['-SASL-IR', '-AUTH=PLAIN'] });
    const raw = await world.raw();
    const token = Buffer.from('\0alice@example.com\0secret').toString('base64');
    expect(await raw.command('a', `AUTHENTICATE PLAIN ${token}`)).toBe('a BAD An initial response on the AUTHENTICATE line needs SASL-IR, which this server does not offer\r\n');
    expect(await raw.command('b', 'AUTHENTICATE PLAIN')).toBe('b NO [CANNOT] Unsupported mechanism PLAIN; use LOGIN\r\n');
    expect(await raw.command('c', 'LOGIN alice secret')).toMatch(/^c OK /);
  });

  it('without LITERAL+: a {n+} literal is read, thrown away and refused; the session goes on', async () => {
    world = await imapWorld({ capabilities: ['-LITERAL+'] });
    const raw = await world.raw();
    await raw.command('l', 'LOGIN alice secret');
    const snapshot = world.snapshot();
    expect(await raw.command('a', 'APPEND INBOX {5+}\r\nhello')).toBe(
      'a BAD [TOOBIG] Non-synchronizing literals {n+} need LITERAL+, which this server does not offer\r\n',
    );
    expect(world.snapshot()).toBe(snapshot);
    expect(await raw.command('b', 'NOOP')).toBe('b OK NOOP completed\r\n');
    raw.write('c APPEND INBOX {5}\r\n');
    await raw.readUntil(/^\+ Ready for literal data\r\n/m);
    raw.take();
    raw.write('hello\r\n');
    expect(await raw.readUntil(/^c OK/m)).toMatch(/^c OK \[APPENDUID \d+ 1\] APPEND completed\r\n$/);
  });

  it('with LITERAL- instead: {n+} up to 4096 octets, larger ones refused with TOOBIG', async () => {
    world = await imapWorld({ capabilities: ['+LITERAL-'] });
    const raw = await world.raw();
    await raw.command('l', 'LOGIN alice secret');
    const capability = await raw.command('c', 'CAPABILITY');
    expect(capability).toContain(' LITERAL- ');
    expect(capability).not.toContain('LITERAL+');
    const small = `Subject: s\r\n\r\n${'x'.repeat(4000)}`;
    expect(await raw.command('a', `APPEND INBOX {${small.length}+}\r\n${small}`)).toMatch(/^a OK \[APPENDUID \d+ 1\] APPEND completed\r\n$/);
    const big = 'y'.repeat(4097);
    expect(await raw.command('b', `APPEND INBOX {4097+}\r\n${big}`)).toBe('b BAD [TOOBIG] Non-synchronizing literals may be at most 4096 octets (LITERAL-); send {4097}\r\n');
    expect(world.alice.inbox.messages).toHaveLength(1);
    expect(await raw.command('d', 'NOOP')).toBe('d OK NOOP completed\r\n');
  });
});
