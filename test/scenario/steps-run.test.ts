import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/loader.js';
import { runScenario } from '../../src/scenario/runner.js';
import type { VariantResult } from '../../src/scenario/result.js';
import type { WireEvent } from '../../src/protocol/transcript.js';

/** The newer steps, run for real: server, sockets, imapflow and our POP3 client. */
async function run(text: string, wire?: { device: string; event: WireEvent }[]): Promise<VariantResult> {
  const scenario = parseScenario(`start: 2024-03-04T09:00:00Z\naccounts:\n  alice@example.com: {}\n  bob@example.com: {}\n${text}`, 't.yaml');
  const result = await runScenario(scenario, wire ? { onWire: (_v, device, event) => wire.push({ device, event }) } : {});
  return result.variants[0]!;
}

const folder = (variant: VariantResult, device: string, name: string) =>
  variant.devices.find((d) => d.name === device)!.folders.find((f) => f.name === name)?.messages.map((m) => `${m.subject}${m.seen ? ' (read)' : ''}`) ?? [];
const mailbox = (variant: VariantResult, account: string, name: string) => variant.server.find((a) => a.address === account)!.mailboxes.find((b) => b.name === name)!.messages.map((m) => m.subject);
const texts = (variant: VariantResult, device: string) => variant.events.filter((e) => e.device === device && !e.detail).map((e) => e.text);

describe('at: and offline periods', () => {
  it('a device is offline during its period and back after it, on the clock', async () => {
    const variant = await run(`devices:
  phone: { protocol: imap, account: alice@example.com, offline: [{ from: "09:30", until: "10:30" }] }
steps:
  - at: "10:00"
    deliver: { to: alice@example.com, subject: During }
  - sync: phone
  - at: "11:00"
    sync: phone
`);
    const phone = variant.events.filter((e) => e.device === 'phone').map((e) => [new Date(e.at).toISOString().slice(11, 16), e.kind]);
    expect(phone).toEqual([
      ['09:00', 'check'],
      ['09:30', 'offline'],
      ['10:00', 'skipped'],
      ['10:30', 'online'],
      ['10:30', 'check'],
      ['10:30', 'download'],
      ['10:30', 'resync'],
      ['11:00', 'check'],
    ]);
    expect(folder(variant, 'phone', 'INBOX')).toEqual(['During']);
  });
});

describe('message ids', () => {
  it('name one message among several with the same subject', async () => {
    const variant = await run(`devices:
  laptop: { protocol: imap, account: alice@example.com }
steps:
  - deliver: { id: first, to: alice@example.com, subject: Same }
  - deliver: { id: second, to: alice@example.com, subject: Same }
  - sync: laptop
  - read: { device: laptop, message: second }
expect:
  devices:
    laptop:
      messages:
        second: { read: true }
        first: { read: false }
`);
    expect(variant.expectations.every((e) => e.passed)).toBe(true);
    expect(folder(variant, 'laptop', 'INBOX')).toEqual(['Same', 'Same (read)']);
    expect(Object.keys(variant.ids)).toEqual(['first', 'second']);
  });
});

describe('send and reply', () => {
  it('an IMAP device submits over SMTP and saves a copy in Sent with APPEND; recipients here receive it', async () => {
    const wire: { device: string; event: WireEvent }[] = [];
    const variant = await run(
      `devices:
  laptop: { protocol: imap, account: alice@example.com }
  bobs: { protocol: imap, account: bob@example.com }
steps:
  - send: { device: laptop, to: [bob@example.com, carol@example.org], subject: Hello Bob, body: "Hi!" }
  - sync: bobs
`,
      wire,
    );
    expect(mailbox(variant, 'alice@example.com', 'Sent')).toEqual(['Hello Bob']);
    expect(folder(variant, 'laptop', 'Sent')).toEqual(['Hello Bob (read)']);
    expect(mailbox(variant, 'bob@example.com', 'INBOX')).toEqual(['Hello Bob']);
    expect(folder(variant, 'bobs', 'INBOX')).toEqual(['Hello Bob']);
    expect(texts(variant, 'laptop')).toContain('sent "Hello Bob" to bob@example.com and carol@example.org (SMTP submission); saved a copy in Sent (APPEND)');
    expect(wire.some((w) => w.device === 'laptop' && w.event.direction === 'C' && /^\S+ APPEND Sent \(\\Seen\) /.test(w.event.text))).toBe(true);
  });

  it('a POP3 device keeps its copy in a local Sent folder; the server has none', async () => {
    const variant = await run(`devices:
  phone: { protocol: pop3, account: alice@example.com }
steps:
  - send: { device: phone, to: bob@example.com, subject: From the phone }
`);
    expect(folder(variant, 'phone', 'Sent')).toEqual(['From the phone (read)']);
    expect(mailbox(variant, 'alice@example.com', 'Sent')).toEqual([]);
    expect(mailbox(variant, 'bob@example.com', 'INBOX')).toEqual(['From the phone']);
  });

  it('a reply goes to the sender, with Re:, as a message of its own', async () => {
    const variant = await run(`devices:
  laptop: { protocol: imap, account: alice@example.com }
  bobs: { protocol: imap, account: bob@example.com, folders: all }
steps:
  - send: { id: ask, device: bobs, to: alice@example.com, subject: Lunch? }
  - sync: laptop
  - reply: { device: laptop, message: ask, id: yes, body: "Sure" }
  - reply: { device: laptop, message: ask }
  - sync: bobs
`);
    expect(mailbox(variant, 'bob@example.com', 'INBOX')).toEqual(['Re: Lunch?', 'Re: Lunch?']);
    const ask = variant.ids.ask!;
    expect(variant.ids.yes).toMatch(/^<\d+\.\w+@mailsim\.test>$/);
    expect(ask).not.toBe(variant.ids.yes);
  });
});

describe('copy', () => {
  it('IMAP copies on the server (COPY); POP3 copies on the device', async () => {
    const variant = await run(`devices:
  laptop: { protocol: imap, account: alice@example.com, folders: all }
  phone: { protocol: pop3, account: alice@example.com, leaveOnServer: true }
steps:
  - deliver: { to: alice@example.com, subject: Keep }
  - sync: all
  - copy: { device: laptop, message: Keep, to: Archive }
  - copy: { device: phone, message: Keep, to: Saved }
`);
    expect(mailbox(variant, 'alice@example.com', 'Archive')).toEqual(['Keep']);
    expect(mailbox(variant, 'alice@example.com', 'INBOX')).toEqual(['Keep']);
    // Read: the POP3 device's RETR set \Seen on the server (like Dovecot), and COPY keeps flags.
    expect(folder(variant, 'laptop', 'Archive')).toEqual(['Keep (read)']);
    expect(folder(variant, 'phone', 'Saved')).toEqual(['Keep']);
    expect(folder(variant, 'phone', 'INBOX')).toEqual(['Keep']);
  });
});

describe('sync a folder', () => {
  it('an IMAP device fetches a folder it does not sync, once opened keeps it; POP3 says it has none', async () => {
    const variant = await run(`devices:
  laptop: { protocol: imap, account: alice@example.com, folders: all }
  phone: { protocol: imap, account: alice@example.com }
  old: { protocol: pop3, account: alice@example.com, leaveOnServer: true }
steps:
  - deliver: { to: alice@example.com, subject: Lease }
  - sync: laptop
  - move: { device: laptop, message: Lease, to: Archive }
  - sync: { device: phone, folder: Archive }
  - sync: { device: old, folder: Archive }
`);
    expect(folder(variant, 'phone', 'Archive')).toEqual(['Lease']);
    expect(variant.devices.find((d) => d.name === 'phone')!.syncs).toEqual(['INBOX', 'Archive']);
    expect(texts(variant, 'old')).toContain('wanted to open Archive on the server, but POP3 has no server folders: it only downloads the INBOX');
    expect(variant.verdicts[0]!.findings.map((f) => `${f.kind} ${f.devices.join('+')}`)).toEqual(['hidden old']);
  });
});

describe('set', () => {
  it('changes settings in place within a protocol: push on starts IDLE', async () => {
    const variant = await run(`devices:
  phone: { protocol: imap, account: alice@example.com }
steps:
  - set: { device: phone, push: true }
  - deliver: { to: alice@example.com, subject: Pushed }
`);
    expect(folder(variant, 'phone', 'INBOX')).toEqual(['Pushed']);
    expect(variant.devices[0]!.summary).toBe('IMAP, port 993 (SSL/TLS), push (IDLE), folders: INBOX, delete: trash');
  });

  it('switches protocol: what POP3 downloaded stays in Local/ folders, the IMAP account shows the server', async () => {
    const variant = await run(`devices:
  phone: { protocol: pop3, account: alice@example.com, leaveOnServer: true }
steps:
  - deliver: { to: alice@example.com, subject: Old }
  - sync: phone
  - read: { device: phone, message: Old }
  - set: { device: phone, protocol: imap }
`);
    expect(variant.devices[0]!.protocol).toBe('imap');
    expect(folder(variant, 'phone', 'Local/INBOX')).toEqual(['Old (read)']);
    // The server had \\Seen set by the POP3 download (like Dovecot), so IMAP shows it read as well.
    expect(folder(variant, 'phone', 'INBOX')).toEqual(['Old (read)']);
    expect(texts(variant, 'phone').some((t) => t.startsWith('switched to IMAP (') && t.includes('stay in local folders (Local/INBOX)'))).toBe(true);
  });
});

describe('real messages', () => {
  it('delivers raw messages as they are, html and attachments composed from the seed, and counts attachments', async () => {
    const variant = await run(`devices:
  laptop: { protocol: imap, account: alice@example.com }
steps:
  - deliver: { to: alice@example.com, raw: "From: Shop <shop@example.com>\\nSubject: Receipt\\nMessage-ID: <r1@shop>\\n\\nThanks" }
  - deliver: { to: alice@example.com, subject: Photos, html: "<p>Look!</p>", attachments: [{ filename: a.jpg, size: 3000 }, { filename: notes.txt, content: "hi" }] }
  - sync: laptop
expect:
  events: { errors: 0, downloads: { laptop: 2 } }
  devices:
    laptop: { downloadedBytes: { min: 4000 } }
`);
    const laptop = variant.devices[0]!;
    const inbox = laptop.folders.find((f) => f.name === 'INBOX')!.messages;
    expect(inbox.map((m) => [m.subject, m.key, m.attachments])).toEqual([
      ['Receipt', '<r1@shop>', 0],
      ['Photos', expect.stringMatching(/@mailsim\.test>$/), 2],
    ]);
    expect(variant.expectations.map((e) => [e.name, e.passed])).toEqual([
      ['the run has 0 errors', true],
      ['laptop has 2 downloads', true],
      ['laptop has at least 4000 downloaded bytes', true],
    ]);
  });

  it('is byte-identical from run to run with the same seed', async () => {
    const text = `devices:
  laptop: { protocol: imap, account: alice@example.com }
steps:
  - deliver: { to: alice@example.com, subject: Photos, html: "<p>Look!</p>", attachments: [{ filename: a.bin, size: 5000 }] }
  - sync: laptop
`;
    const [a, b] = [await run(text), await run(text)];
    expect(a.devices[0]!.downloadedBytes).toBe(b.devices[0]!.downloadedBytes);
    expect(a.ids).toEqual(b.ids);
    expect(JSON.stringify(a.events)).toBe(JSON.stringify(b.events));
  });
});

describe('per-variant steps', () => {
  it('a variant with steps runs them instead of the scenario\'s', async () => {
    const scenario = parseScenario(
      `accounts:
  alice@example.com: {}
devices:
  laptop: { protocol: imap }
variants:
  short:
    steps:
      - deliver: { subject: Short }
  base: {}
steps:
  - deliver: { subject: Base }
`,
      'v.yaml',
    );
    const result = await runScenario(scenario);
    expect(result.variants.map((v) => [v.name, v.delivered.map((m) => m.subject)])).toEqual([
      ['short', ['Short']],
      ['base', ['Base']],
    ]);
  });
});

describe('deliver steps and idling devices', () => {
  it("tells an idling device of a step's messages in one EXISTS, and of each later step's apart", async () => {
    const wire: { device: string; event: WireEvent }[] = [];
    const variant = await run(
      `devices:
  phone: { protocol: imap, account: alice@example.com, push: true }
  laptop: { protocol: imap, account: alice@example.com, push: true }
steps:
  - deliver: { to: alice@example.com, subject: Bulk, count: 5 }
  - deliver: { to: alice@example.com, subject: Single }
`,
      wire,
    );
    const told = (device: string) => wire.filter((w) => w.device === device && w.event.direction === 'S' && / EXISTS$/.test(w.event.text)).map((w) => w.event.text);
    for (const device of ['phone', 'laptop']) {
      expect(told(device)).toEqual(['* 0 EXISTS', '* 5 EXISTS', '* 6 EXISTS']);
      expect(folder(variant, device, 'INBOX')).toEqual(['Bulk (1)', 'Bulk (2)', 'Bulk (3)', 'Bulk (4)', 'Bulk (5)', 'Single']);
    }
  });
});
