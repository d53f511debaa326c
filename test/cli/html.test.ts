import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserCommand } from '../../src/cli/open-browser.js';
import { readEmbeddedDocument } from '../../src/report/html/render.js';
import { RunJson } from '../../src/report/json.js';
import { ROOT, runCli } from '../helpers/cli.js';

const tmp = (): string => mkdtempSync(path.join(os.tmpdir(), 'mailsim-html-'));

describe('mailsim run --html', () => {
  it('writes the report and still prints the text report, unchanged', async () => {
    const dir = tmp();
    const run = await runCli(['run', 'laptop-phone', '--html', 'report.html'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(readFileSync(path.join(ROOT, 'test/golden/laptop-phone.txt'), 'utf8'));
    // The same bytes as the golden page the render test holds.
    expect(readFileSync(path.join(dir, 'report.html'), 'utf8')).toBe(readFileSync(path.join(ROOT, 'test/golden/laptop-phone.html'), 'utf8'));
  });

  it('with --json prints the same document the page embeds, frames and exchanges included', async () => {
    const dir = tmp();
    const run = await runCli(['run', 'laptop-phone', '--variant', 'imap', '--json', '--html', 'r.html'], { cwd: dir });
    const printed = RunJson.parse(JSON.parse(run.stdout));
    expect(printed.variants[0]!.frames).toHaveLength(16);
    expect(printed.variants[0]!.exchanges!.some((e) => e.command === 'UID MOVE 3 Trash' && e.effect === 'change' && e.device === 'phone')).toBe(true);
    expect(readEmbeddedDocument(readFileSync(path.join(dir, 'r.html'), 'utf8'))).toEqual(printed);
    // Without --html the JSON stays as it was: no frames, no exchanges.
    const plain = RunJson.parse(JSON.parse((await runCli(['run', 'laptop-phone', '--json'], { cwd: dir })).stdout));
    expect(plain.variants.every((v) => v.frames === undefined && v.exchanges === undefined)).toBe(true);
  });

  it('with --explain tells the story on stdout and highlights the message on the page', async () => {
    const dir = tmp();
    const run = await runCli(['run', 'laptop-phone', '--explain', 'Slides for Monday', '--html', 'r.html'], { cwd: dir });
    expect(run.stdout).toContain('"Slides for Monday"');
    expect(readFileSync(path.join(dir, 'r.html'), 'utf8')).toContain('Following "Slides for Monday"');
  });

  it('says when the file cannot be written', async () => {
    const run = await runCli(['run', 'laptop-phone', '--html', 'no/such/dir/r.html'], { cwd: tmp() });
    // Checked before the run, in our words: no report first, no "ENOENT".
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toBe('mailsim: --html no/such/dir/r.html: cannot write: no such directory "no/such/dir" (create it first: mkdir -p no/such/dir)\n');
  });

  it('--open without --html is a usage error with the fix', async () => {
    const run = await runCli(['run', 'laptop-phone', '--open'], { cwd: tmp() });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('mailsim: --open opens the HTML report: add --html <file>, e.g. --html report.html --open\n');
  });

  it('--open hands the file to $BROWSER', async () => {
    const dir = tmp();
    // A stand-in browser that writes what it was asked to open into a FIFO the test reads from:
    // reading blocks until it has written, so there is no waiting on time.
    const fifo = path.join(dir, 'opened');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const browser = path.join(dir, 'browser.sh');
    writeFileSync(browser, `#!/bin/sh\nprintf '%s' "$1" > '${fifo}'\n`);
    chmodSync(browser, 0o755);
    const opened = readFile(fifo, 'utf8');
    const run = await runCli(['run', 'laptop-phone', '--variant', 'pop3', '--html', 'r.html', '--open'], { cwd: dir, env: { BROWSER: browser } });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(await opened).toBe(path.join(dir, 'r.html'));
  });

  it('--open with no browser to start says where the report is', async () => {
    const dir = tmp();
    const run = await runCli(['run', 'laptop-phone', '--variant', 'pop3', '--html', 'r.html', '--open'], { cwd: dir, env: { BROWSER: 'mailsim-no-such-browser' } });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(`mailsim: could not open the report in a browser: mailsim-no-such-browser is not installed\n  open it yourself: file://${path.join(dir, 'r.html')}\n`);
  });
});

describe('browserCommand', () => {
  it('takes $BROWSER (with %s standing for the file), else the desktop opener, else nothing without a display', () => {
    expect(browserCommand('/r.html', { BROWSER: 'firefox --new-tab' }, 'linux')).toEqual({ command: 'firefox', args: ['--new-tab', '/r.html'] });
    expect(browserCommand('/r.html', { BROWSER: 'lynx -dump %s:w3m' }, 'linux')).toEqual({ command: 'lynx', args: ['-dump', '/r.html'] });
    expect(browserCommand('/r.html', {}, 'darwin')).toEqual({ command: 'open', args: ['/r.html'] });
    expect(browserCommand('C:\\r.html', {}, 'win32')).toEqual({ command: 'cmd', args: ['/c', 'start', '""', 'C:\\r.html'] });
    expect(browserCommand('/r.html', { DISPLAY: ':0' }, 'linux')).toEqual({ command: 'xdg-open', args: ['/r.html'] });
    expect(browserCommand('/r.html', {}, 'linux')).toEqual({ none: 'no display here (DISPLAY and WAYLAND_DISPLAY are unset)' });
  });
});
