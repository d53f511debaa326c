import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/program.js';
import { runCli, type CliRun } from '../helpers/cli.js';

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mailsim-long-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

const polling = (every: string, span: string): string =>
  `accounts:\n  alice@example.com: {}\ndevices:\n  phone: { protocol: pop3, leaveOnServer: true, checkEvery: ${every} }\n  laptop: { protocol: pop3, leaveOnServer: true }\nsteps:\n  - deliver: { subject: Hi }\n  - advance: ${span}\n`;

/** The CLI in-process with stderr as a terminal and a wall clock that moves 300 ms per look. */
async function onTerminal(args: string[], cwd: string): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  let wall = 0;
  const code = await main(args, {
    stdout: { write: (t: string) => (stdout += t), isTTY: false },
    stderr: { write: (t: string) => (stderr += t), isTTY: true, columns: 80 },
    env: {},
    cwd,
    wallClock: () => (wall += 300),
  });
  return { code, stdout, stderr };
}

describe('a run too long to start without asking', () => {
  it('is refused before it starts, with exit 2, how much work it is and how to proceed', async () => {
    const dir = workspace({ 'long.yaml': polling('1s', '100000d') });
    const run = await runCli(['run', 'long.yaml'], { cwd: dir });
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'mailsim: this run would take about 17,280,000,004 events: phone checks mail every 1s for the 14285w 5d the advance steps cover (8,640,000,000 checks), and each check lets 2 devices settle. That is over the limit of 50,000 events (about a minute of work).\n' +
        '  to run it anyway: mailsim run long.yaml --max-events 17280000004\n' +
        '  or make checkEvery longer, or the advance steps shorter\n',
    });
  });

  it('runs when --max-events covers the estimate, and --help documents the limit', async () => {
    const dir = workspace({ 'day.yaml': polling('1h', '1d') });
    expect((await runCli(['run', 'day.yaml', '--max-events', '40', '-q'], { cwd: dir })).code).toBe(2);
    expect(await runCli(['run', 'day.yaml', '--max-events', '52', '-q'], { cwd: dir })).toEqual({ code: 0, stdout: '', stderr: '' });
    expect((await runCli(['run', 'day.yaml', '--max-events', 'lots'], { cwd: dir })).stderr).toBe('mailsim: --max-events takes a whole number, got "lots"\n');
    expect((await runCli(['run', '--help'])).stdout.replace(/\s+/g, ' ')).toContain('--max-events <n> run even when the work estimate is above the limit (default 50000: about a minute)');
  });
});

describe('progress on stderr for a run longer than about a second', () => {
  it('shows the virtual time reached and the events done, redrawn in place, erased at the end; stdout is unchanged', async () => {
    const dir = workspace({ 'day.yaml': polling('1h', '1d') });
    const run = await onTerminal(['run', 'day.yaml'], dir);
    expect(run.code).toBe(0);
    const frames = run.stderr.split('\r').filter((f) => f !== '');
    expect(frames.length).toBeGreaterThan(3);
    expect(frames[0]).toMatch(/^mailsim: virtual Mar [45] \d\d:\d\d of Mar 5 09:00 · \d+ of ~52 events\x1b\[K$/);
    expect(frames.at(-1)).toBe('\x1b[K');
    expect(frames.every((f) => f.length <= 80 + '\x1b[K'.length)).toBe(true);
    expect(run.stdout).toBe((await runCli(['run', 'day.yaml'], { cwd: dir })).stdout);
  });

  it('never with --json, --quiet, or when stderr is not a terminal', async () => {
    const dir = workspace({ 'day.yaml': polling('1h', '1d') });
    expect((await onTerminal(['run', 'day.yaml', '--json'], dir)).stderr).toBe('');
    expect((await onTerminal(['run', 'day.yaml', '--quiet'], dir)).stderr).toBe('');
    expect((await runCli(['run', 'day.yaml'], { cwd: dir })).stderr).toBe('');
  });
});
