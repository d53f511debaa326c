import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

async function report(yaml: string): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mailsim-text-'));
  writeFileSync(path.join(dir, 's.yaml'), yaml);
  const run = await runCli(['run', 's.yaml'], { cwd: dir });
  expect(run.stderr).toBe('');
  return run.stdout;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** "Mar 8 09:00" or "09:00" (the first day, Mar 4 2024) as minutes since the start of 2024. */
function minutes(time: string): number {
  const m = /^(?:(\w{3}) (\d+) )?(\d\d):(\d\d)$/.exec(time.trim());
  if (!m) throw new Error(`not a time: ${time}`);
  const day = m[1] ? Date.UTC(2024, MONTHS.indexOf(m[1]), Number(m[2])) : Date.UTC(2024, 2, 4);
  return day / 60_000 + Number(m[3]) * 60 + Number(m[4]);
}

describe('the text report', () => {
  it('keeps the timeline in time order when two devices poll interleaved: no "until" above an earlier line', async () => {
    const text = await report(`accounts:
  alice@example.com: {}
devices:
  laptop: { protocol: pop3, leaveOnServer: true, checkEvery: 1d }
  phone: { protocol: pop3, leaveOnServer: true, checkEvery: 3d }
steps:
  - deliver: { subject: Hi }
  - sync: all
  - advance: 4d
`);
    const timeline = text.slice(text.indexOf('Timeline\n') + 'Timeline\n'.length, text.indexOf('\n\n', text.indexOf('Timeline\n')));
    const rows = timeline.split('\n').filter((line) => /^ {2}\S/.test(line) || /^ +(\w{3} \d+ )?\d\d:\d\d /.test(line));
    let latest = -Infinity;
    for (const row of rows) {
      const time = /^ +((?:\w{3} \d+ )?\d\d:\d\d) /.exec(row)?.[1];
      if (time === undefined) continue;
      expect(minutes(time), `${row}\nafter a line that said "until" a later time`).toBeGreaterThanOrEqual(latest);
      latest = Math.max(latest, minutes(time), ...[...row.matchAll(/until ((?:\w{3} \d+ )?\d\d:\d\d)/g)].map((m) => minutes(m[1]!)));
    }
    // Still exact: the repeats are counted, on one closing line for the run.
    expect(timeline).toMatch(/^ {2}Mar 8 09:00 {10}\(and so on: laptop 3 more like it until Mar 8 09:00\)$/m);
  });

  it('puts a blank line between one account\'s verdict and the next account\'s tables', async () => {
    const text = await report(`accounts:
  alice@example.com: {}
  bob@example.com: {}
devices:
  laptop: { protocol: pop3, account: alice@example.com }
  phone: { protocol: pop3, account: alice@example.com }
  desk: { protocol: imap, account: bob@example.com }
  tablet: { protocol: imap, account: bob@example.com }
steps:
  - deliver: { to: alice@example.com, subject: For Alice }
  - deliver: { to: bob@example.com, subject: For Bob }
  - sync: all
`);
    const bob = text.indexOf('Convergence (bob@example.com)');
    expect(bob).toBeGreaterThan(0);
    const before = text.slice(0, bob);
    expect(before).toMatch(/Verdict \(alice@example\.com\)[^\n]*\n( {2}\S[^\n]*\n| {7}[^\n]*\n)*\n$/);
  });
});

describe('--max-rows', () => {
  const yaml = `accounts:
  alice@example.com: {}
devices:
  laptop: { protocol: imap }
  phone: { protocol: imap }
steps:
  - deliver: { subject: Bulk, count: 60 }
  - sync: all
  - read: { device: phone, message: "Bulk (30)" }
`;
  it('shows the first and last messages of a big folder and says how many are left out; the JSON has all', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mailsim-rows-'));
    writeFileSync(path.join(dir, 's.yaml'), yaml);
    const text = (await runCli(['run', 's.yaml', '--max-rows', '10', '--no-color'], { cwd: dir })).stdout;
    const device = text.slice(text.indexOf('\nlaptop ·'), text.indexOf('\nphone ·'));
    expect(device).toContain('Bulk (5)');
    expect(device).not.toContain('Bulk (6) ');
    expect(device).toContain('… 50 more (--max-rows 0 shows all)');
    expect(device).toContain('Bulk (56)');
    // The timeline's 60 arrivals are cut by the same rule.
    expect(text).toContain('… 50 more like these');
    // The convergence matrix keeps the message the devices disagree on, wherever it is.
    const matrix = text.slice(text.indexOf('Convergence'), text.indexOf('Delivery to visible'));
    expect(matrix).toContain('Bulk (30)');

    const all = (await runCli(['run', 's.yaml', '--max-rows', '0', '--no-color'], { cwd: dir })).stdout;
    expect(all).not.toContain('more (--max-rows 0 shows all)');
    for (let i = 1; i <= 60; i++) expect(all).toContain(`Bulk (${i})`);

    const json = JSON.parse((await runCli(['run', 's.yaml', '--max-rows', '10', '--json'], { cwd: dir })).stdout) as { variants: { devices: { folders: { messages: unknown[] }[] }[] }[] };
    expect(json.variants[0]!.devices[0]!.folders[0]!.messages).toHaveLength(60);
  });

  it('is 50 by default', async () => {
    const text = await report(yaml.replace('count: 60', 'count: 51'));
    expect(text).toContain('… 1 more (--max-rows 0 shows all)');
  });
});
