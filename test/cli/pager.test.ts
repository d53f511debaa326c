import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { pagerCommand, screenRows } from '../../src/cli/pager.js';
import { ROOT, runCli } from '../helpers/cli.js';

const tall = `${Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join('\n')}\n`;
const terminal = { isTTY: true, rows: 24, columns: 80, env: {} };

describe('when mailsim uses a pager (the decision, as git makes it)', () => {
  it('pages a report taller than the terminal, with $MAILSIM_PAGER, else $PAGER, else less', () => {
    expect(pagerCommand(tall, terminal)).toBe('less');
    expect(pagerCommand(tall, { ...terminal, env: { PAGER: 'most' } })).toBe('most');
    expect(pagerCommand(tall, { ...terminal, env: { PAGER: 'most', MAILSIM_PAGER: 'less -S' } })).toBe('less -S');
  });

  it('never when stdout is not a terminal, with --no-pager, when it fits, or when the pager is "" or cat', () => {
    expect(pagerCommand(tall, { ...terminal, isTTY: false })).toBeUndefined();
    expect(pagerCommand(tall, { ...terminal, pager: false })).toBeUndefined();
    expect(pagerCommand('short\n', terminal)).toBeUndefined();
    expect(pagerCommand(tall, { ...terminal, rows: 40 })).toBeUndefined();
    expect(pagerCommand(tall, { ...terminal, env: { PAGER: '' } })).toBeUndefined();
    expect(pagerCommand(tall, { ...terminal, env: { PAGER: 'cat' } })).toBeUndefined();
    expect(pagerCommand(tall, { ...terminal, rows: undefined })).toBeUndefined();
  });

  it('counts the rows wrapped lines take, colour codes aside, and the prompt line', () => {
    expect(screenRows('a\nb\n', 80)).toBe(2);
    expect(screenRows(`${'x'.repeat(81)}\n`, 80)).toBe(2);
    expect(screenRows(`\x1b[1m${'x'.repeat(80)}\x1b[22m\n`, 80)).toBe(1);
    // 23 rows of text and the prompt fill a 24-row terminal: no pager; 24 rows do not fit.
    expect(pagerCommand(`${'x\n'.repeat(23)}`, terminal)).toBeUndefined();
    expect(pagerCommand(`${'x\n'.repeat(24)}`, terminal)).toBe('less');
  });
});

/**
 * The real thing on a pseudo-terminal, made by util-linux `script` (.ci/run installs it): a 20-row
 * terminal, and a "pager" that saves what it is given, so the test can read what was paged.
 */
const exec = promisify(execFile);
async function onPty(args: string, pager: string): Promise<{ screen: string }> {
  const command = `stty rows 20 cols 200; MAILSIM_PAGER=${JSON.stringify(pager)} NO_COLOR=1 ${JSON.stringify(process.execPath)} --import tsx src/cli/main.ts ${args}`;
  const { stdout } = await exec('script', ['-qec', command, '/dev/null'], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir() } });
  // A slow machine may show the progress line (stderr is the terminal too); it erases itself.
  return { screen: stdout.replace(/\r\n/g, '\n').replace(/\r[^\r\n]*\x1b\[K/g, '') };
}

describe('the pager on a real terminal', () => {
  it('gets the whole report when it is taller than the terminal; --no-pager and a broken pager print it directly', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mailsim-pager-'));
    const saved = (name: string): string => path.join(dir, name);
    const [paged, direct, broken, plain] = await Promise.all([
      onPty('run laptop-phone', `cat > ${saved('paged.txt')}`),
      onPty('run laptop-phone --no-pager', `cat > ${saved('never.txt')}`),
      onPty('run laptop-phone', '/no/such/pager'),
      // The pseudo-terminal is 200 columns wide, and the report is laid out for it.
      runCli(['run', 'laptop-phone', '--width', '200']),
    ]);
    expect(readFileSync(saved('paged.txt'), 'utf8')).toBe(plain.stdout);
    expect(paged.screen).toBe('');
    expect(existsSync(saved('never.txt'))).toBe(false);
    expect(direct.screen).toBe(plain.stdout);
    // The shell says the pager is missing (on the terminal, as stderr); the report still shows.
    expect(broken.screen).toContain('/no/such/pager');
    expect(broken.screen.endsWith(plain.stdout)).toBe(true);
  });
});
