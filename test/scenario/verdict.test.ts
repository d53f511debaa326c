import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/loader.js';
import type { AccountVerdict, VariantResult } from '../../src/scenario/result.js';
import { runScenario } from '../../src/scenario/runner.js';

/**
 * Each verdict kind from a scenario built to produce it, run for real (server, sockets, imapflow),
 * checking the headline, the finding's messages and the matrix cells that show it.
 */
async function run(devices: string, steps: string): Promise<{ verdict: AccountVerdict; variant: VariantResult }> {
  const text = `start: 2024-03-04T09:00:00Z
accounts:
  alice@example.com: {}
devices:
${devices}
steps:
${steps}`;
  const result = await runScenario(parseScenario(text, 'verdict.yaml'));
  const variant = result.variants[0]!;
  return { verdict: variant.verdicts[0]!, variant };
}

const cells = (verdict: AccountVerdict, subject: string): Record<string, string> => {
  const row = verdict.matrix.find((r) => r.subject === subject)!;
  return { ...Object.fromEntries(Object.entries(row.devices).map(([d, c]) => [d, c.label])), server: row.server };
};

describe('verdict kinds', () => {
  it('converged: two IMAP devices that both checked after the last change', async () => {
    const { verdict } = await run(
      '  laptop: { protocol: imap }\n  phone: { protocol: imap }',
      '  - deliver: { subject: A }\n  - sync: laptop\n  - read: { device: laptop, message: A }\n  - sync: phone',
    );
    expect(verdict.kind).toBe('converged');
    expect(verdict.findings).toEqual([]);
    expect(cells(verdict, 'A')).toEqual({ laptop: 'read', phone: 'read', server: 'INBOX \\Seen' });
  });

  it('stale: a device that has not checked since mail arrived, with when it will', async () => {
    const { verdict } = await run(
      '  laptop: { protocol: imap }\n  phone: { protocol: imap, checkEvery: 15m }',
      '  - deliver: { subject: A }\n  - sync: laptop\n  - advance: 5m',
    );
    expect(verdict.kind).toBe('stale');
    expect(verdict.summary).toBe("stale: phone has not yet seen 1 change; its next check brings it");
    expect(verdict.findings).toHaveLength(1);
    expect(verdict.findings[0]).toMatchObject({ kind: 'stale', devices: ['phone'] });
    expect(verdict.findings[0]!.text).toContain('at its next scheduled check (09:15, every 15m)');
    expect(cells(verdict, 'A')).toEqual({ laptop: 'unread', phone: 'not yet (stale)', server: 'INBOX' });
  });

  it('stale, not converged, when every device is behind the server', async () => {
    const { verdict } = await run('  laptop: { protocol: imap }\n  phone: { protocol: imap }', '  - deliver: { subject: A }');
    expect(verdict.kind).toBe('stale');
    expect(verdict.findings[0]!.devices).toEqual(['laptop']);
    expect(verdict.findings[1]!.devices).toEqual(['phone']);
  });

  it('hidden: mail moved into a folder a device does not sync; nothing is lost', async () => {
    const { verdict } = await run(
      '  laptop: { protocol: imap, folders: all }\n  phone: { protocol: imap }',
      '  - deliver: { subject: A }\n  - sync: all\n  - move: { device: laptop, message: A, to: Archive }\n  - sync: phone',
    );
    expect(verdict.kind).toBe('hidden');
    expect(verdict.summary).toContain('nothing is lost');
    expect(cells(verdict, 'A')).toEqual({ laptop: 'Archive, unread', phone: 'hidden: Archive', server: 'Archive' });
  });

  it('diverged: a read on a POP3 device never reaches the other', async () => {
    const { verdict } = await run(
      '  laptop: { protocol: pop3, leaveOnServer: true }\n  phone: { protocol: pop3, leaveOnServer: true }',
      '  - deliver: { subject: A }\n  - sync: all\n  - read: { device: laptop, message: A }',
    );
    expect(verdict.kind).toBe('diverged');
    expect(verdict.findings[0]!.text).toBe('"A": it is read on laptop but unread on phone (laptop read it at 09:00); laptop and phone keep their own POP3 copies, and no sync will bring it in line.');
  });

  it('diverged: each difference names the event that caused it, never an unrelated later one', async () => {
    const { verdict } = await run(
      '  laptop: { protocol: pop3, leaveOnServer: true }\n  phone: { protocol: imap }',
      '  - deliver: { subject: A }\n  - sync: laptop\n  - flag: { device: laptop, message: A }\n  - unflag: { device: laptop, message: A }\n  - move: { device: laptop, message: A, to: Filed }\n  - sync: phone',
    );
    expect(verdict.kind).toBe('diverged');
    expect(verdict.findings[0]!.text).toBe(
      '"A": it is in Filed on laptop but in INBOX on phone (laptop moved it to Filed at 09:00) and read on phone but unread on laptop (the server marked it read at 09:00 because laptop downloaded it by POP3); laptop keeps its own POP3 copy, and no sync will bring it in line.',
    );
  });

  it('fragmented: mail downloaded and deleted by one POP3 device never reaches the other', async () => {
    const { verdict } = await run('  laptop: { protocol: pop3 }\n  phone: { protocol: pop3 }', '  - deliver: { subject: A }\n  - sync: all');
    expect(verdict.kind).toBe('fragmented');
    expect(verdict.summary).toBe('fragmented: phone is missing 1 of 1 message, which the server does not have');
    expect(cells(verdict, 'A')).toEqual({ laptop: 'unread', phone: 'missing', server: 'gone' });
  });

  it('copies: two POP3 devices that hold the same mail now, and what would break it', async () => {
    const { verdict } = await run(
      '  laptop: { protocol: pop3, leaveOnServer: true, deleteAfterDays: 7 }\n  phone: { protocol: pop3, leaveOnServer: true }',
      '  - deliver: { subject: A }\n  - sync: all',
    );
    expect(verdict.kind).toBe('copies');
    expect(verdict.findings[0]!.text).toContain('nothing keeps them in step');
    expect(verdict.findings[0]!.text).toContain('laptop deletes the server copy 7 days after downloading it');
  });

  it('names at most five messages in a reason and counts the rest, so it stays readable at any size', async () => {
    const { verdict } = await run('  laptop: { protocol: pop3 }\n  phone: { protocol: pop3 }', '  - deliver: { subject: N, count: 7 }\n  - sync: all');
    expect(verdict.findings[0]!.text).toMatch(/^"N \(1\)", "N \(2\)", "N \(3\)", "N \(4\)" and 3 more: laptop downloaded them/);
    expect(verdict.findings[0]!.messages).toHaveLength(7);
  });

  it('shares equal matrix cells, so a large matrix holds few objects', async () => {
    const { verdict } = await run('  laptop: { protocol: imap }\n  phone: { protocol: imap }', '  - deliver: { subject: N, count: 3 }\n  - sync: all\n  - read: { device: laptop, message: "N (3)" }\n  - sync: all');
    const [one, two, three] = verdict.matrix;
    expect(one!.devices.laptop).toBe(two!.devices.phone);
    expect(one!.devices.laptop).toEqual({ present: true, folder: 'INBOX', seen: false, flagged: false, deleted: false, label: 'unread' });
    expect(three!.devices.laptop).toEqual({ ...one!.devices.laptop, seen: true, label: 'read' });
    expect(three!.devices.laptop).toBe(three!.devices.phone);
  });

  it('single: one device that shows the server state', async () => {
    const { verdict } = await run('  laptop: { protocol: imap }', '  - deliver: { subject: A }\n  - sync: laptop');
    expect(verdict.kind).toBe('single');
  });

  it('lists every finding, the most serious first', async () => {
    const { verdict } = await run(
      '  laptop: { protocol: pop3 }\n  phone: { protocol: imap, folders: all }\n  tablet: { protocol: pop3, leaveOnServer: true }',
      [
        '  - deliver: { subject: A }',
        '  - sync: [tablet, laptop]',
        '  - deliver: { subject: B }',
        '  - sync: phone',
        '  - move: { device: phone, message: B, to: Archive }',
        '  - deliver: { subject: C }',
      ].join('\n'),
    );
    expect(verdict.findings.map((f) => `${f.kind} ${f.devices.join('+')}`)).toEqual([
      'fragmented phone',
      'copies laptop+tablet',
      'stale laptop',
      'stale phone',
      'stale tablet',
      'hidden laptop',
      'hidden tablet',
    ]);
    expect(verdict.kind).toBe('fragmented');
    expect(cells(verdict, 'B')).toEqual({ laptop: 'hidden: Archive', phone: 'Archive, unread', tablet: 'hidden: Archive', server: 'Archive' });
  });

  it('an IMAP device still showing mail another device removed from the server is stale, and says it will drop it', async () => {
    const { verdict } = await run('  laptop: { protocol: pop3 }\n  phone: { protocol: imap }', '  - deliver: { subject: A }\n  - sync: phone\n  - sync: laptop');
    expect(verdict.findings.map((f) => f.kind)).toEqual(['stale']);
    expect(verdict.findings[0]!.text).toBe(
      '"A": phone still shows it, but the server no longer has it where phone looks, so phone will drop it (laptop deleted it from the server at 09:00, after phone\'s last check at 09:00); phone will catch up at its next check (it checks only when the user asks).',
    );
  });
});
