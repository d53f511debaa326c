import { afterEach, describe, expect, it } from 'vitest';
import { EventLog } from '../../src/devices/events.js';
import { ImapDevice } from '../../src/devices/imap/device.js';
import type { WireEvent } from '../../src/protocol/transcript.js';
import { resolveSettings } from '../../src/devices/profiles/resolve.js';
import type { ImapDeviceSettings, ImapSettingsWritten } from '../../src/devices/settings.js';
import { MailServer } from '../../src/server/mail-server.js';
import { VirtualClock } from '../../src/sim/clock.js';
import { MailStore, type Mailbox } from '../../src/store/index.js';

const T0 = Date.UTC(2024, 2, 4, 9, 0, 0);
const other = { label: 'another device' };
let server: MailServer | undefined;
const devices: ImapDevice[] = [];

afterEach(async () => {
  for (const d of devices.splice(0)) await d.close();
  await server?.close();
  server = undefined;
});

async function setup() {
  const clock = new VirtualClock(T0);
  const store = new MailStore(clock);
  const account = store.addAccount('alice@example.com', 'secret');
  server = await MailServer.start({ store, clock, ports: { pop3: false, smtp: false } });
  const log = new EventLog(clock);
  const wire: WireEvent[] = [];
  let n = 0;
  const deliver = (subject: string, box: Mailbox = account.inbox, flags: string[] = []) =>
    box.append(Buffer.from(`Message-ID: <${++n}@test>\r\nSubject: ${subject}\r\nFrom: Bob <bob@example.com>\r\nDate: Mon, 04 Mar 2024 09:00:0${n % 10} +0000\r\n\r\nHi\r\n`), other, { flags });
  const make = (settings: Partial<ImapSettingsWritten> = {}, name = 'phone') => {
    const device = new ImapDevice({
      name,
      settings: resolveSettings({ security: 'none', ...settings, protocol: 'imap', account: 'alice@example.com' }).settings as ImapDeviceSettings,
      password: 'secret',
      host: server!.host,
      port: server!.ports.imap!,
      clock,
      log,
      onWire: (e) => wire.push(e),
    });
    devices.push(device);
    return device;
  };
  const shown = (device: ImapDevice, folder = 'INBOX') =>
    device
      .snapshot()
      .folders.find((f) => f.name === folder)
      ?.messages.map((m) => `${m.subject}${m.seen ? ' read' : ''}${m.flagged ? ' flagged' : ''}${m.deleted ? ' deleted' : ''}`) ?? [];
  const kinds = () => log.events.map((e) => e.kind);
  return { clock, store, account, log, wire, deliver, make, shown, kinds };
}

describe('ImapDevice sync against the real server', () => {
  it('downloads new mail, then asks only for changes since its last modseq (CONDSTORE)', async () => {
    const { make, deliver, shown, wire, account } = await setup();
    deliver('one');
    const phone = make();
    await phone.start();
    expect(shown(phone)).toEqual(['one']);
    deliver('two');
    account.inbox.setFlags([account.inbox.messages[0]!], 'add', ['\\Seen'], other);
    wire.length = 0;
    await phone.sync('step');
    expect(shown(phone)).toEqual(['one read', 'two']);
    const sent = wire.filter((e) => e.direction === 'C').map((e) => e.text);
    expect(sent.some((l) => /UID FETCH 1:\* \(UID FLAGS( EMAILID)?( MODSEQ)?\) \(CHANGEDSINCE \d+\)/.test(l))).toBe(true);
  });

  it('drops messages expunged on the server and reports flag changes made elsewhere', async () => {
    const { make, deliver, shown, account, log } = await setup();
    deliver('keep');
    deliver('gone');
    const phone = make();
    await phone.start();
    account.inbox.expunge([account.inbox.messages[1]!], other);
    account.inbox.setFlags([account.inbox.messages[0]!], 'add', ['\\Flagged'], other);
    await phone.sync('step');
    expect(shown(phone)).toEqual(['keep flagged']);
    const details = log.events.filter((e) => e.detail).map((e) => e.text);
    expect(details).toContain('"gone" disappeared from INBOX (deleted or moved on another device)');
    expect(details).toContain('"keep" is now flagged (changed on another device)');
  });

  it('forgets a folder mirror when UIDVALIDITY changes and resyncs from scratch', async () => {
    const { make, deliver, shown, account, log } = await setup();
    const work = account.createMailbox('Work');
    deliver('old', work);
    const laptop = make({ folders: ['INBOX', 'Work'] }, 'laptop');
    await laptop.start();
    expect(shown(laptop, 'Work')).toEqual(['old']);
    account.deleteMailbox('Work', other);
    const again = account.createMailbox('Work');
    expect(again.uidValidity).not.toBe(work.uidValidity);
    deliver('new', again);
    await laptop.sync('step');
    expect(shown(laptop, 'Work')).toEqual(['new']);
    expect(log.events.some((e) => e.text === 'UIDVALIDITY of Work changed: forgot 1 cached message and resynced')).toBe(true);
  });

  it('with push, applies what the server pushed during IDLE at settle()', async () => {
    const { make, deliver, shown, log, wire } = await setup();
    const phone = make({ push: true });
    await phone.start();
    // start() returns only once the server has answered IDLE, so what happens next is pushed.
    expect(wire.filter((e) => e.direction === 'S').at(-1)?.text).toBe('+ idling');
    deliver('pushed');
    expect(shown(phone)).toEqual([]);
    await phone.settle();
    expect(shown(phone)).toEqual(['pushed']);
    expect(log.events.at(-2)?.text).toBe('pushed by the server (IDLE): INBOX, 1 new');
    // Nothing pushed: settle() changes nothing and records nothing.
    const before = log.events.length;
    await phone.settle();
    expect(log.events).toHaveLength(before);
  });

  it('without push, sees nothing until it syncs', async () => {
    const { make, deliver, shown } = await setup();
    const laptop = make({ push: false });
    await laptop.start();
    deliver('later');
    await laptop.settle();
    expect(shown(laptop)).toEqual([]);
    await laptop.sync('poll');
    expect(shown(laptop)).toEqual(['later']);
  });

  it('with download: headers fetches only the list headers', async () => {
    const { make, deliver, wire } = await setup();
    deliver('light');
    const phone = make({ download: 'headers' });
    await phone.start();
    expect(wire.some((e) => e.direction === 'C' && e.text.includes('BODY.PEEK[HEADER.FIELDS (date from subject message-id)]'))).toBe(true);
    expect(phone.snapshot().folders[0]!.messages[0]).toMatchObject({ subject: 'light', headersOnly: true });
  });

  it('carries read and flag to the server', async () => {
    const { make, deliver, account } = await setup();
    deliver('x');
    const phone = make();
    await phone.start();
    await phone.act({ kind: 'read', selector: 'x' });
    await phone.act({ kind: 'flag', selector: 1 });
    expect(account.inbox.messages[0]!.flags).toEqual(['\\Flagged', '\\Seen']);
    await phone.act({ kind: 'unread', selector: '*' });
    expect(account.inbox.messages[0]!.flags).toEqual(['\\Flagged']);
  });

  it.each([
    ['trash', [], ['x']],
    ['mark', ['x'], []],
    ['expunge', [], []],
  ] as const)('deletes with the %s model', async (model, inboxAfter, trashAfter) => {
    const { make, deliver, account, store } = await setup();
    deliver('x');
    const laptop = make({ deleteModel: model });
    await laptop.start();
    await laptop.act({ kind: 'delete', selector: 'x' });
    const subjects = (box: Mailbox) => box.messages.map((m) => (m.raw.toString().match(/Subject: (.*)\r/) ?? [])[1]);
    expect(subjects(account.inbox)).toEqual(inboxAfter);
    expect(subjects(store.account('alice@example.com')!.mailbox('Trash')!)).toEqual(trashAfter);
    if (model === 'mark') expect(account.inbox.messages[0]!.hasFlag('\\Deleted')).toBe(true);
  });

  it('moves into a folder it creates when missing', async () => {
    const { make, deliver, account, shown } = await setup();
    deliver('file me');
    const laptop = make({ folders: 'all' }, 'laptop');
    await laptop.start();
    await laptop.act({ kind: 'move', selector: 'file me', to: 'Projects/2024' });
    expect(account.mailbox('Projects/2024')!.messages).toHaveLength(1);
    expect(shown(laptop)).toEqual([]);
    await laptop.sync('step');
    expect(shown(laptop, 'Projects/2024')).toEqual(['file me']);
  });

  it('queues changes offline, replays them on reconnect, and reports a conflict when the message is gone', async () => {
    const { make, deliver, account, log, shown } = await setup();
    deliver('stays');
    deliver('deleted elsewhere');
    const phone = make({ push: true });
    await phone.start();
    await phone.setOnline(false);
    await phone.act({ kind: 'read', selector: 'stays' });
    await phone.act({ kind: 'flag', selector: 'deleted elsewhere' });
    expect(account.inbox.messages.map((m) => m.flags)).toEqual([[], []]);
    expect(shown(phone)).toEqual(['stays read', 'deleted elsewhere flagged']);
    await phone.sync('step');
    expect(log.events.at(-1)?.text).toBe('checked mail: offline, nothing synced');
    account.inbox.expunge([account.inbox.messages[1]!], other);
    await phone.setOnline(true);
    expect(account.inbox.messages.map((m) => m.flags)).toEqual([['\\Seen']]);
    const conflict = log.events.find((e) => e.kind === 'conflict');
    expect(conflict?.text).toBe(
      'conflict: could not replay (flagged "deleted elsewhere"): the message is no longer on the server, another device deleted or moved it; the server wins',
    );
    expect(shown(phone)).toEqual(['stays read']);
  });

  it('records a failed login as an error event and keeps going', async () => {
    const { store, make, log, deliver, shown } = await setup();
    deliver('x');
    store.account('alice@example.com')!.setPassword('changed');
    const phone = make();
    await phone.start();
    expect(log.events.map((e) => [e.kind, e.text.replace(/:.*/, '')])).toEqual([['error', 'started failed']]);
    expect(log.events[0]!.text).toMatch(/AUTHENTICATIONFAILED|Authentication failed|Invalid/i);
    store.account('alice@example.com')!.setPassword('secret');
    await phone.sync('step');
    expect(shown(phone)).toEqual(['x']);
  });
});
