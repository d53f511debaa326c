import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/loader.js';
import { runScenario } from '../../src/scenario/runner.js';
import type { WireEvent } from '../../src/protocol/transcript.js';

/** Scenarios run for real (server, sockets, imapflow) for what the report must say truthfully. */
async function run(text: string, wire?: { device: string; event: WireEvent }[]) {
  const result = await runScenario(parseScenario(`start: 2024-03-04T09:00:00Z\naccounts:\n  alice@example.com: {}\n${text}`, 't.yaml'), {
    ...(wire ? { onWire: (_v: string, device: string, event: WireEvent) => wire.push({ device, event }) } : {}),
  });
  return result.variants[0]!;
}

describe('a failed IMAP action', () => {
  it('is undone on the device, reported with the server\'s words, and the message stays where the server has it', async () => {
    const variant = await run(`devices:
  laptop: { protocol: imap }
  phone: { protocol: imap }
steps:
  - deliver: { subject: Keep }
  - sync: all
  - move: { device: laptop, message: Keep, to: "Taxes*2024" }
  - sync: all
`);
    const laptop = variant.devices.find((d) => d.name === 'laptop')!;
    expect(laptop.folders.find((f) => f.name === 'INBOX')!.messages.map((m) => m.subject)).toEqual(['Keep']);
    const error = variant.events.find((e) => e.kind === 'error' && e.device === 'laptop')!;
    expect(error.text).toMatch(/^could not move "Keep" to Taxes\*2024: .+; undone on this device, which shows the server's state$/);
    expect(variant.verdicts[0]!.kind).toBe('converged');
  });
});

describe('devices act in the order they are declared', () => {
  const race = (first: string, second: string) => `devices:
  ${first}: { protocol: pop3 }
  ${second}: { protocol: pop3 }
steps:
  - deliver: { subject: A }
  - sync: all
`;

  it('the first declared device downloads and deletes, whatever the names', async () => {
    for (const [first, second] of [
      ['laptop', 'phone'],
      ['zlaptop', 'phone'],
      ['phone', 'laptop'],
    ] as const) {
      const variant = await run(race(first, second));
      const holder = variant.devices.filter((d) => d.folders.some((f) => f.messages.length > 0)).map((d) => d.name);
      expect(holder, `${first} before ${second}`).toEqual([first]);
      expect(variant.devices.map((d) => d.name)).toEqual([first, second]);
    }
  });

  it('polls due at the same instant run in declaration order', async () => {
    const variant = await run(`devices:
  zeta: { protocol: pop3, checkEvery: 10m }
  alpha: { protocol: pop3, checkEvery: 10m }
steps:
  - deliver: { subject: A }
  - advance: 10m
`);
    expect(variant.events.filter((e) => e.kind === 'check').map((e) => e.device)).toEqual(['zeta', 'alpha']);
    expect(variant.events.filter((e) => e.kind === 'download').map((e) => e.device)).toEqual(['zeta']);
  });
});

describe('checks at startup and polls', () => {
  it('a Thunderbird POP3 device checks when the scenario starts, then every 10 minutes', async () => {
    const variant = await run(`devices:
  laptop: { protocol: pop3, client: thunderbird }
steps:
  - advance: 20m
`);
    expect(variant.events.filter((e) => e.kind === 'check').map((e) => [e.at - Date.UTC(2024, 2, 4, 9), e.text])).toEqual([
      [0, 'checked mail at startup (POP3): the server has no messages'],
      [600_000, 'scheduled check (POP3): the server has no messages'],
      [1_200_000, 'scheduled check (POP3): the server has no messages'],
    ]);
  });

  it('a neutral POP3 device does not check at startup', async () => {
    const variant = await run(`devices:\n  laptop: { protocol: pop3 }\nsteps:\n  - note: nothing\n`);
    expect(variant.events.filter((e) => e.kind === 'check')).toEqual([]);
  });
});

describe('reading opens the message', () => {
  it('an IMAP device with headers only downloads the body when the user reads it, visible in the trace', async () => {
    const wire: { device: string; event: WireEvent }[] = [];
    const variant = await run(
      `devices:
  phone: { protocol: imap, download: headers }
steps:
  - deliver: { subject: Report, body: "${'long text '.repeat(100)}" }
  - sync: phone
  - read: { device: phone, message: Report }
`,
      wire,
    );
    const sent = wire.filter((w) => w.device === 'phone' && w.event.direction === 'C').map((w) => w.event.text);
    const headers = sent.findIndex((t) => /UID FETCH 1:\* \(UID FLAGS (?:EMAILID )?MODSEQ BODY\.PEEK\[HEADER\.FIELDS \(date from subject message-id\)\]\)/.test(t));
    const body = sent.findIndex((t) => /UID FETCH 1 \(UID BODY\.PEEK\[\] (?:EMAILID )?MODSEQ\)/.test(t));
    const store = sent.findIndex((t) => /UID STORE \d+ \+FLAGS \(\\Seen\)/.test(t));
    expect(headers).toBeGreaterThanOrEqual(0);
    expect(body).toBeGreaterThan(headers);
    expect(store).toBeGreaterThan(body);
    const read = variant.events.find((e) => e.kind === 'read')!;
    expect(read.text).toMatch(/^opened "Report": downloaded the body, 1\.\d KB \(UID FETCH BODY\.PEEK\[\]\); read "Report" \(on the server: STORE \+FLAGS \\Seen\)$/);
    const phone = variant.devices[0]!;
    expect(phone.folders[0]!.messages[0]).toMatchObject({ seen: true, headersOnly: false });
    expect(phone.downloadedBytes).toBeGreaterThan(1000);
  });

  it('a POP3 device with headers only downloads the whole message with RETR when the user reads it', async () => {
    const wire: { device: string; event: WireEvent }[] = [];
    const variant = await run(
      `devices:
  laptop: { protocol: pop3, headersOnly: true }
steps:
  - deliver: { subject: Report }
  - sync: laptop
  - read: { device: laptop, message: Report }
`,
      wire,
    );
    const sent = wire.filter((w) => w.event.direction === 'C').map((w) => w.event.text);
    expect(sent.filter((t) => /^(TOP|RETR) /.test(t))).toEqual(['TOP 1 0', 'RETR 1']);
    expect(variant.events.find((e) => e.kind === 'read')!.text).toMatch(/^opened "Report": downloaded the rest of the message, \d+ bytes \(RETR\); read "Report"/);
    expect(variant.devices[0]!.folders[0]!.messages[0]!.headersOnly).toBe(false);
  });
});

describe('who changed what', () => {
  const twoDevices = (server = '') => `${server}devices:
  laptop: { protocol: pop3, leaveOnServer: true }
  phone: { protocol: imap }
steps:
  - deliver: { subject: A }
  - sync: laptop
  - sync: phone
`;

  it('the server marking a POP3 download read is an event of its own, caused by the device that downloaded it', async () => {
    const variant = await run(twoDevices());
    const marked = variant.events.find((e) => e.kind === 'server-flag')!;
    expect(marked).toMatchObject({ by: 'laptop', subject: 'A' });
    expect(marked.device).toBeUndefined();
    const check = variant.events.findIndex((e) => e.kind === 'check' && e.device === 'laptop');
    expect(variant.events.indexOf(marked)).toBeGreaterThan(check);
    expect(variant.devices.find((d) => d.name === 'phone')!.folders[0]!.messages[0]!.seen).toBe(true);
  });

  it('server: { pop3NoFlagUpdates: true } leaves flags alone, as Dovecot with that setting', async () => {
    const variant = await run(twoDevices('server: { pop3NoFlagUpdates: true }\n'));
    expect(variant.events.some((e) => e.kind === 'server-flag')).toBe(false);
    expect(variant.server[0]!.mailboxes.find((b) => b.name === 'INBOX')!.messages[0]!.flags).toEqual([]);
  });
});

describe('resynchronising after a reconnect', () => {
  const story = (resync: string) => `devices:
  laptop: { protocol: imap }
  phone: { protocol: imap, resync: ${resync} }
steps:
  - deliver: { subject: A, count: 5 }
  - sync: all
  - offline: phone
  - delete: { device: laptop, message: "A (2)" }
  - read: { device: laptop, message: "A (1)" }
  - online: phone
`;

  it('with CONDSTORE lists every UID; with QRESYNC the SELECT answer names what vanished and changed', async () => {
    for (const [mode, expected, command] of [
      ['condstore', 'resynced INBOX with CONDSTORE: 1 changed since mod-sequence 6, then all 4 UIDs (UID SEARCH ALL) to find what was expunged', /^\S+ UID SEARCH ALL$/],
      ['qresync', "resynced INBOX with QRESYNC: the server's SELECT answer named 1 vanished and 1 changed", /^\S+ SELECT INBOX \(QRESYNC \(\d+ \d+\)\)$/],
    ] as const) {
      const wire: { device: string; event: WireEvent }[] = [];
      const variant = await run(story(mode), wire);
      expect(variant.events.filter((e) => e.kind === 'resync').map((e) => e.text), mode).toEqual([expected]);
      const phone = variant.devices.find((d) => d.name === 'phone')!;
      expect(phone.folders[0]!.messages.map((m) => `${m.subject}${m.seen ? ' read' : ''}`), mode).toEqual(['A (1) read', 'A (3)', 'A (4)', 'A (5)']);
      const second = wire.filter((w) => w.device === 'phone' && w.event.connection === 2 && w.event.direction === 'C').map((w) => w.event.text);
      expect(second.some((line) => command.test(line)), mode).toBe(true);
    }
  });
});

describe('a message moved out of INBOX and back', () => {
  it('is one line on an IMAP device (a new UID) and a said re-download on a POP3 one (a new UIDL)', async () => {
    const variant = await run(`devices:
  laptop: { protocol: imap, folders: all }
  phone: { protocol: imap }
  old: { protocol: pop3, leaveOnServer: true }
steps:
  - deliver: { subject: Report }
  - sync: all
  - move: { device: laptop, message: Report, to: Archive }
  - move: { device: laptop, message: Report, folder: Archive, to: INBOX }
  - sync: [phone, old]
`);
    const lines = (device: string) => variant.events.filter((e) => e.device === device && e.detail && e.message !== undefined).map((e) => e.text);
    expect(lines('phone').slice(1)).toEqual(['"Report" is in INBOX again under a new UID (moved out and back on another device); fetched it anew']);
    expect(lines('old')[1]).toMatch(/^downloaded "Report" \(RETR, \d+ bytes\) again: the server lists it under a new UIDL, so to POP3 it is a new message/);
    expect(variant.devices.find((d) => d.name === 'old')!.folders[0]!.messages.map((m) => m.subject)).toEqual(['Report', 'Report']);
  });
});
