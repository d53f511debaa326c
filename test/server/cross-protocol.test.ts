import nodemailer from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import { Pop3Client } from '../../src/pop3/index.js';
import { MailServer } from '../../src/server/mail-server.js';
import { VirtualClock } from '../../src/sim/clock.js';
import { MailStore } from '../../src/store/index.js';
import { RawImap } from '../imap/helpers.js';

/**
 * One store behind three protocols: what POP3 does at QUIT and what SMTP delivers must reach
 * IMAP sessions like any IMAP session's change (DESIGN.md, "protocol truths").
 */
let server: MailServer | undefined;
afterEach(async () => server?.close());

async function world() {
  const clock = new VirtualClock(Date.UTC(2024, 2, 4, 9));
  const store = new MailStore(clock);
  const alice = store.addAccount('alice@example.com', 'secret');
  server = await MailServer.start({ store, clock });
  const idle = await RawImap.connect(server.ports.imap!);
  await idle.loginAndSelect();
  idle.write('I IDLE\r\n');
  await idle.readUntil(/^\+ idling\r\n/m);
  idle.take();
  const send = (subject: string) =>
    nodemailer
      .createTransport({ host: '127.0.0.1', port: server!.ports.smtp!, secure: false, ignoreTLS: true })
      .sendMail({ from: 'bob@example.com', to: 'alice@example.com', subject, text: 'hi' });
  return { store, alice, idle, send };
}

describe('changes cross protocols', () => {
  it('an SMTP delivery reaches an idling IMAP session as EXISTS at once', async () => {
    const { idle, send } = await world();
    await send('over smtp');
    expect(await idle.readUntil(/RECENT\r\n/)).toBe('* 1 EXISTS\r\n* 1 RECENT\r\n');
  });

  it('POP3 deletes reach IMAP as EXPUNGE only when the POP3 session QUITs', async () => {
    const { idle, send } = await world();
    await send('one');
    await send('two');
    await idle.readUntil(/\* 2 RECENT\r\n/);
    idle.take();
    const pop = await Pop3Client.connect({ host: '127.0.0.1', port: server!.ports.pop3! });
    await pop.login('alice@example.com', 'secret');
    await pop.retr(1);
    await pop.dele(1);
    // A FETCH FLAGS push for \Seen would come with the QUIT, not before: nothing yet.
    await pop.noop();
    expect(idle.text).toBe('');
    await pop.quit();
    const pushed = await idle.readUntil(/EXPUNGE\r\n/);
    expect(pushed).toBe('* 1 EXPUNGE\r\n');
  });

  it('a dropped POP3 connection deletes nothing and pushes nothing', async () => {
    const { idle, send, alice } = await world();
    await send('stays');
    await idle.readUntil(/RECENT\r\n/);
    idle.take();
    const pop = await Pop3Client.connect({ host: '127.0.0.1', port: server!.ports.pop3! });
    await pop.login('alice', 'secret');
    await pop.dele(1);
    pop.destroy();
    idle.write('DONE\r\n');
    expect(await idle.readUntil(/^I OK/m)).toBe('I OK IDLE terminated\r\n');
    expect(alice.inbox.messages).toHaveLength(1);
  });

  it('POP3 RETR marks \\Seen at QUIT, and an IMAP session sees the flag change', async () => {
    const { idle, send } = await world();
    await send('read me');
    await idle.readUntil(/RECENT\r\n/);
    idle.take();
    const pop = await Pop3Client.connect({ host: '127.0.0.1', port: server!.ports.pop3! });
    await pop.login('alice', 'secret');
    await pop.retr(1);
    await pop.quit();
    expect(await idle.readUntil(/FETCH/)).toMatch(/^\* 1 FETCH \(UID 1 FLAGS \(\\Seen \\Recent\)( MODSEQ \(\d+\))?\)\r\n$/);
  });

  it('an IMAP \\Deleted flag does not hide a message from POP3, and an IMAP expunge does', async () => {
    const { send, alice } = await world();
    await send('flagged deleted');
    await send('expunged');
    alice.inbox.setFlags([alice.inbox.messages[0]!], 'add', ['\\Deleted'], { label: 'imap' });
    alice.inbox.expunge([alice.inbox.messages[1]!], { label: 'imap' });
    const pop = await Pop3Client.connect({ host: '127.0.0.1', port: server!.ports.pop3! });
    await pop.login('alice', 'secret');
    expect((await pop.stat()).count).toBe(1);
    await pop.quit();
  });
});
