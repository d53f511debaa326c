import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { imapWorld, type ImapWorld, type RawImap } from './helpers.js';

let world: ImapWorld;
const ORIGIN = { label: 'test' };
beforeEach(async () => {
  world = await imapWorld();
  const inbox = world.alice.inbox;
  inbox.append(Buffer.from('Message-ID: <root@x>\r\nSubject: start\r\n\r\nhi\r\n'), ORIGIN);
  inbox.append(Buffer.from('Message-ID: <reply@x>\r\nIn-Reply-To: <root@x>\r\nSubject: Re: start\r\n\r\nho\r\n'), ORIGIN);
  inbox.append(Buffer.from('Subject: lonely\r\n\r\nnothing to thread by\r\n'), ORIGIN);
});
afterEach(async () => world.close());

async function selected(): Promise<{ raw: RawImap; reply: string }> {
  const raw = await world.raw();
  await raw.command('l', 'LOGIN alice secret');
  return { raw, reply: await raw.command('s', 'SELECT INBOX') };
}

describe('OBJECTID (RFC 8474)', () => {
  it('MAILBOXID on SELECT, CREATE and STATUS, the same across RENAME', async () => {
    const { raw, reply } = await selected();
    const inboxId = `F${world.alice.inbox.uidValidity}`;
    expect(reply).toContain(`* OK [MAILBOXID (${inboxId})] Mailbox id\r\n`);
    const created = await raw.command('c', 'CREATE Projects');
    const id = /^c OK \[MAILBOXID \((F\d+)\)\] CREATE completed\r\n$/.exec(created)?.[1];
    expect(id).toBeDefined();
    await raw.command('r', 'RENAME Projects Work');
    expect(await raw.command('t', 'STATUS Work (MAILBOXID MESSAGES)')).toBe(`* STATUS "Work" (MAILBOXID (${id}) MESSAGES 0)\r\nt OK STATUS completed\r\n`);
  });

  it('EMAILID survives COPY and MOVE; THREADID is shared by a thread, NIL without Message-IDs', async () => {
    const { raw } = await selected();
    const fetched = await raw.command('f', 'FETCH 1:3 (EMAILID THREADID)');
    const ids = [...fetched.matchAll(/\* (\d) FETCH \(EMAILID \((M[0-9a-f]+)\) THREADID (\((T[0-9a-f]+)\)|NIL)\)/g)].map((m) => [m[2], m[4] ?? null]);
    expect(ids).toHaveLength(3);
    expect(ids[0]![1]).toBe(ids[1]![1]);
    expect(ids[2]![1]).toBeNull();
    expect(new Set(ids.map((i) => i[0])).size).toBe(3);
    await raw.command('m', 'MOVE 1 Archive');
    await raw.command('x', 'SELECT Archive');
    expect(await raw.command('g', 'FETCH 1 (EMAILID)')).toBe(`* 1 FETCH (EMAILID (${ids[0]![0]}))\r\ng OK FETCH completed\r\n`);
    await raw.command('y', 'SELECT INBOX');
    expect(await raw.command('h', `SEARCH THREADID ${ids[1]![1]}`)).toBe('* SEARCH 1\r\nh OK SEARCH completed\r\n');
    expect(await raw.command('i', `SEARCH EMAILID ${ids[2]![0]}`)).toBe('* SEARCH 2\r\ni OK SEARCH completed\r\n');
    expect(await raw.command('j', 'SEARCH EMAILID "a b"')).toMatch(/^j BAD SEARCH: expected an object id after EMAILID/);
  });

  it('without OBJECTID: no MAILBOXID, and its items are BAD', async () => {
    await world.close();
    world = await imapWorld({ capabilities: ['-OBJECTID'] });
    const { raw, reply } = await selected();
    expect(reply).not.toContain('MAILBOXID');
    expect(await raw.command('a', 'STATUS INBOX (MAILBOXID)')).toBe('a BAD STATUS MAILBOXID needs OBJECTID, which this server does not offer\r\n');
    expect(await raw.command('c', 'CREATE X')).toBe('c OK CREATE completed\r\n');
  });
});
