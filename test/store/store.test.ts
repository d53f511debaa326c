import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/sim/clock.js';
import { MailStore, StoreError, type JournalEntry } from '../../src/store/index.js';

const T0 = Date.UTC(2024, 2, 4, 9, 0, 0);
const origin = { label: 'test' };

function setup() {
  const clock = new VirtualClock(T0);
  const store = new MailStore(clock);
  const alice = store.addAccount('alice@example.com', 'secret');
  return { clock, store, alice, inbox: alice.inbox };
}

describe('MailStore accounts', () => {
  it('creates INBOX and the special-use mailboxes', () => {
    const { alice } = setup();
    expect(alice.mailboxes().map((m) => [m.name, m.specialUse ?? null])).toEqual([
      ['INBOX', null],
      ['Archive', '\\Archive'],
      ['Drafts', '\\Drafts'],
      ['Junk', '\\Junk'],
      ['Sent', '\\Sent'],
      ['Trash', '\\Trash'],
    ]);
  });

  it('authenticates by full address (any case) or unique local part', () => {
    const { store } = setup();
    store.addAccount('bob@example.com', 'hunter2');
    expect(store.authenticate('ALICE@example.com', 'secret')?.address).toBe('alice@example.com');
    expect(store.authenticate('bob', 'hunter2')?.address).toBe('bob@example.com');
    expect(store.authenticate('bob', 'wrong')).toBeUndefined();
    expect(store.authenticate('carol', 'secret')).toBeUndefined();
  });

  it('refuses a local part shared by two accounts', () => {
    const { store } = setup();
    store.addAccount('alice@other.org', 'secret');
    expect(store.authenticate('alice', 'secret')).toBeUndefined();
  });

  it('rejects duplicate and malformed addresses with stable codes', () => {
    const { store } = setup();
    expect(() => store.addAccount('Alice@Example.com', 'x')).toThrow(expect.objectContaining({ code: 'ALREADYEXISTS' }));
    expect(() => store.addAccount('not-an-address', 'x')).toThrow(StoreError);
  });
});

describe('Mailbox messages', () => {
  it('assigns growing uids, internal dates from the clock and stable ids', async () => {
    const { clock, inbox } = setup();
    const a = inbox.append(Buffer.from('Subject: a\r\n\r\nA\r\n'), origin);
    await clock.advance(60_000);
    const b = inbox.append(Buffer.from('Subject: b\r\n\r\nB\r\n'), origin, { flags: ['\\seen', '$Label1'] });
    expect([a.uid, b.uid]).toEqual([1, 2]);
    expect(a.internalDate).toBe(T0);
    expect(b.internalDate).toBe(T0 + 60_000);
    expect(b.flags).toEqual(['\\Seen', '$Label1']);
    expect(a.id).not.toBe(b.id);
    expect(inbox.uidNext).toBe(3);
    expect(inbox.keywords.has('$Label1')).toBe(true);
  });

  it('never reuses a uid after expunge', () => {
    const { inbox } = setup();
    const a = inbox.append(Buffer.from('x'), origin);
    inbox.expunge([a], origin);
    const b = inbox.append(Buffer.from('y'), origin);
    expect(b.uid).toBe(2);
    expect(a.expunged).toBe(true);
    expect(inbox.messages).toEqual([b]);
  });

  it('bumps modseq only on real flag changes and honours UNCHANGEDSINCE', () => {
    const { inbox } = setup();
    const a = inbox.append(Buffer.from('x'), origin);
    const b = inbox.append(Buffer.from('y'), origin);
    const before = inbox.highestModSeq;
    const first = inbox.setFlags([a, b], 'add', ['\\Seen'], origin);
    expect(first.changed).toEqual([a, b]);
    expect(inbox.highestModSeq).toBe(before + 2);
    const again = inbox.setFlags([a], 'add', ['\\SEEN'], origin);
    expect(again.changed).toEqual([]);
    expect(inbox.highestModSeq).toBe(before + 2);
    const guarded = inbox.setFlags([a, b], 'set', ['\\Flagged'], origin, a.modseq);
    expect(guarded.changed).toEqual([a]);
    expect(guarded.modified).toEqual([b]);
    expect(a.flags).toEqual(['\\Flagged']);
    expect(b.flags).toEqual(['\\Seen']);
  });

  it('records every change in the journal and tells watchers synchronously', async () => {
    const { clock, store, inbox } = setup();
    const seen: JournalEntry[] = [];
    const stop = inbox.watch(({ entry }) => seen.push(entry));
    const m = inbox.append(Buffer.from('x'), { label: 'smtp' });
    await clock.advance(1000);
    inbox.setFlags([m], 'add', ['\\Seen'], { label: 'imap' });
    inbox.expunge([m], { label: 'pop3' });
    stop();
    inbox.append(Buffer.from('y'), origin);
    expect(seen.map((e) => [e.change.kind, e.origin.label, e.at - T0])).toEqual([
      ['exists', 'smtp', 0],
      ['flags', 'imap', 1000],
      ['expunge', 'pop3', 1000],
    ]);
    expect(store.journal.history().map((e) => e.seq)).toEqual([1, 2, 3, 4]);
  });

  it('gives \\Recent to the first claimer only', () => {
    const { inbox } = setup();
    inbox.append(Buffer.from('x'), origin);
    expect([...inbox.claimRecent()]).toEqual([1]);
    expect([...inbox.claimRecent()]).toEqual([]);
    inbox.append(Buffer.from('y'), origin);
    expect([...inbox.claimRecent()]).toEqual([2]);
  });
});

describe('Account mailboxes', () => {
  it('creates parents, lists in order, and treats inbox case-insensitively', () => {
    const { alice } = setup();
    alice.createMailbox('Projects/2024/Q1');
    expect(alice.mailbox('inbox')).toBe(alice.inbox);
    expect(alice.mailbox('Projects/2024')).toBeDefined();
    expect(() => alice.createMailbox('Projects')).toThrow(expect.objectContaining({ code: 'ALREADYEXISTS' }));
    expect(() => alice.createMailbox('a//b')).toThrow(expect.objectContaining({ code: 'INVALID' }));
    expect(() => alice.createMailbox('bad*name')).toThrow(expect.objectContaining({ code: 'INVALID' }));
  });

  it('gives a re-created mailbox a new UIDVALIDITY', () => {
    const { alice } = setup();
    const first = alice.createMailbox('Temp');
    alice.deleteMailbox('Temp', origin);
    const second = alice.createMailbox('Temp');
    expect(second.uidValidity).not.toBe(first.uidValidity);
  });

  it('refuses to delete INBOX and turns a parent into \\Noselect', () => {
    const { alice } = setup();
    expect(() => alice.deleteMailbox('INBOX', origin)).toThrow(expect.objectContaining({ code: 'CANNOT' }));
    alice.createMailbox('P/child');
    alice.deleteMailbox('P', origin);
    expect(alice.mailbox('P')).toBeUndefined();
    expect(alice.isNoselect('P')).toBe(true);
    expect(() => alice.deleteMailbox('P', origin)).toThrow(expect.objectContaining({ code: 'CANNOT' }));
    alice.deleteMailbox('P/child', origin);
    alice.deleteMailbox('P', origin);
    expect(alice.isNoselect('P')).toBe(false);
  });

  it('renames children along with the parent and keeps messages', () => {
    const { alice } = setup();
    const work = alice.createMailbox('Work');
    alice.createMailbox('Work/Old');
    work.append(Buffer.from('x'), origin);
    alice.renameMailbox('Work', 'Job', origin);
    expect(alice.mailbox('Job')).toBe(work);
    expect(alice.mailbox('Job/Old')).toBeDefined();
    expect(alice.mailbox('Work')).toBeUndefined();
    expect(work.messages).toHaveLength(1);
    expect(() => alice.renameMailbox('Job', 'Job/Inner', origin)).toThrow(expect.objectContaining({ code: 'CANNOT' }));
  });

  it('renaming INBOX moves its messages and leaves INBOX empty', () => {
    const { alice, inbox } = setup();
    inbox.append(Buffer.from('x'), origin, { flags: ['\\Seen'] });
    const moved = alice.renameMailbox('INBOX', 'Old Inbox', origin);
    expect(alice.inbox.messages).toHaveLength(0);
    expect(moved.messages.map((m) => m.flags)).toEqual([['\\Seen']]);
    inbox.append(Buffer.from('y'), origin);
    const child = alice.renameMailbox('INBOX', 'INBOX/old', origin);
    expect(child.messages).toHaveLength(1);
    expect(alice.inbox.messages).toHaveLength(0);
  });
});
