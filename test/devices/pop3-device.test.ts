import { afterEach, describe, expect, it } from 'vitest';
import { EventLog } from '../../src/devices/events.js';
import { Pop3Device } from '../../src/devices/pop3-device.js';
import { resolveSettings } from '../../src/devices/profiles/resolve.js';
import type { Pop3DeviceSettings, Pop3SettingsWritten } from '../../src/devices/settings.js';
import { MailServer } from '../../src/server/mail-server.js';
import { VirtualClock } from '../../src/sim/clock.js';
import { MailStore } from '../../src/store/index.js';

const T0 = Date.UTC(2024, 2, 4, 9, 0, 0);
const DAY = 86_400_000;
let server: MailServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setup(settings: Partial<Pop3SettingsWritten> = {}, password = 'secret') {
  const clock = new VirtualClock(T0);
  const store = new MailStore(clock);
  const account = store.addAccount('alice@example.com', 'secret');
  server = await MailServer.start({ store, clock });
  const log = new EventLog(clock);
  const make = (name: string, extra: Partial<Pop3SettingsWritten> = settings) =>
    new Pop3Device({
      name,
      settings: resolveSettings({ security: 'none', ...extra, protocol: 'pop3', account: 'alice@example.com' }).settings as Pop3DeviceSettings,
      password,
      host: server!.host,
      port: server!.ports.pop3!,
      clock,
      log,
    });
  const deliver = (subject: string) =>
    account.inbox.append(Buffer.from(`Message-ID: <${subject}@test>\r\nSubject: ${subject}\r\nFrom: Bob <bob@example.com>\r\n\r\nHi\r\n`), { label: 'test' });
  const inboxSubjects = (device: Pop3Device, folder = 'INBOX') =>
    device.snapshot().folders.find((f) => f.name === folder)?.messages.map((m) => m.subject) ?? [];
  return { clock, store, account, log, make, deliver, inboxSubjects };
}

describe('Pop3Device', () => {
  it('downloads and deletes from the server by default (leave on server off)', async () => {
    const { make, deliver, account, inboxSubjects } = await setup();
    deliver('a');
    deliver('b');
    const laptop = make('laptop');
    await laptop.sync('step');
    expect(inboxSubjects(laptop)).toEqual(['a', 'b']);
    expect(account.inbox.messages).toHaveLength(0);
    const phone = make('phone');
    await phone.sync('step');
    expect(inboxSubjects(phone)).toEqual([]);
  });

  it('with leave on server, every device gets a copy once, and never twice', async () => {
    const { make, deliver, account, inboxSubjects } = await setup({ leaveOnServer: true });
    deliver('a');
    const laptop = make('laptop');
    const phone = make('phone');
    await laptop.sync('step');
    await phone.sync('step');
    await laptop.sync('step');
    expect(inboxSubjects(laptop)).toEqual(['a']);
    expect(inboxSubjects(phone)).toEqual(['a']);
    expect(account.inbox.messages).toHaveLength(1);
  });

  it('keeps read and delete local, and leaves the server copy', async () => {
    const { make, deliver, account, inboxSubjects } = await setup({ leaveOnServer: true });
    deliver('a');
    deliver('b');
    const laptop = make('laptop');
    await laptop.sync('step');
    await laptop.act({ kind: 'read', selector: 'a' });
    await laptop.act({ kind: 'delete', selector: 'b' });
    const snapshot = laptop.snapshot();
    expect(snapshot.folders.find((f) => f.name === 'INBOX')!.messages.map((m) => [m.subject, m.seen])).toEqual([['a', true]]);
    expect(inboxSubjects(laptop, 'Trash')).toEqual(['b']);
    await laptop.sync('step');
    expect(account.inbox.messages).toHaveLength(2);
    // POP3 never carries the user's read state to the server: the server marks every message it
    // sent with RETR as \Seen (as Dovecot does), read by the user or not.
    expect(account.inbox.messages.map((m) => m.hasFlag('\\Seen'))).toEqual([true, true]);
  });

  it('deletes from the server after N days on the virtual clock', async () => {
    const { make, deliver, account, clock } = await setup({ leaveOnServer: true, deleteAfterDays: 3 });
    deliver('a');
    const laptop = make('laptop');
    await laptop.sync('step');
    await clock.advance(2 * DAY);
    await laptop.sync('step');
    expect(account.inbox.messages).toHaveLength(1);
    await clock.advance(DAY);
    await laptop.sync('step');
    expect(account.inbox.messages).toHaveLength(0);
  });

  it('deletes from the server at the next check when deleted locally, if told to', async () => {
    const { make, deliver, account, log } = await setup({ leaveOnServer: true, deleteFromServerWhenDeleted: true });
    deliver('a');
    deliver('b');
    const laptop = make('laptop');
    await laptop.sync('step');
    await laptop.act({ kind: 'delete', selector: 1 });
    expect(account.inbox.messages).toHaveLength(2);
    await laptop.sync('step');
    expect(account.inbox.messages.map((m) => m.raw.toString()).join()).not.toContain('Subject: a');
    expect(account.inbox.messages).toHaveLength(1);
    expect(log.events.find((e) => e.kind === 'server-delete')?.text).toBe('deleted "a" from the server (the user deleted it on laptop)');
  });

  it('with headers only, downloads with TOP and leaves everything on the server', async () => {
    const { make, deliver, account } = await setup({ headersOnly: true });
    deliver('a');
    const laptop = make('laptop');
    await laptop.sync('step');
    const [message] = laptop.snapshot().folders[0]!.messages;
    expect(message).toMatchObject({ subject: 'a', headersOnly: true });
    expect(account.inbox.messages).toHaveLength(1);
  });

  it('skips checks while offline and records why', async () => {
    const { make, deliver, log, inboxSubjects } = await setup();
    deliver('a');
    const phone = make('phone');
    await phone.setOnline(false);
    await phone.sync('step');
    expect(inboxSubjects(phone)).toEqual([]);
    expect(log.events.map((e) => e.kind)).toEqual(['offline', 'skipped']);
    await phone.setOnline(true);
    await phone.sync('step');
    expect(inboxSubjects(phone)).toEqual(['a']);
  });

  it('records a failed login as an error event, not a crash', async () => {
    const { make, deliver, log, account } = await setup({}, 'wrong');
    deliver('a');
    const phone = make('phone');
    await phone.sync('step');
    const error = log.events.find((e) => e.kind === 'error');
    expect(error?.text).toMatch(/^checked mail failed: .*AUTH/);
    expect(account.inbox.messages).toHaveLength(1);
  });

  it('records a missing message as an event with the reason', async () => {
    const { make, log } = await setup();
    const phone = make('phone');
    await phone.act({ kind: 'read', selector: 'nothing' });
    await phone.act({ kind: 'flag', selector: 2 });
    expect(log.events.map((e) => e.text)).toEqual([
      'wanted to read a message, but "nothing" is not in INBOX on this device',
      'wanted to flag a message, but there is no message #2 in INBOX (it has 0) on this device',
    ]);
  });
});
