import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

/** commander's usage errors, as mailsim prints them: one prefix, our quoting, the right --help. */
describe('usage errors in mailsim\'s words', () => {
  it('suggests the command for a typo, with one "mailsim:" prefix and no "error:"', async () => {
    const run = await runCli(['lst']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('mailsim: unknown command "lst"; did you mean "list"?\n  (mailsim --help shows the usage)\n');
  });

  it('suggests "mailsim run" when the unknown command is a built-in scenario or a .yaml file', async () => {
    const builtin = await runCli(['laptop-phone']);
    expect(builtin.code).toBe(2);
    expect(builtin.stderr).toBe('mailsim: unknown command "laptop-phone"; to run that scenario: mailsim run laptop-phone\n  (mailsim --help shows the usage)\n');
    expect((await runCli(['my-story.yaml'])).stderr).toContain('; to run that scenario: mailsim run my-story.yaml\n');
  });

  it('words option and argument errors the same way, pointing at the command\'s --help', async () => {
    const option = await runCli(['run', 'laptop-phone', '--sed', '1']);
    expect(option).toMatchObject({ code: 2, stdout: '', stderr: 'mailsim: unknown option "--sed"; did you mean "--seed"?\n  (mailsim run --help shows the usage)\n' });
    expect((await runCli(['run'])).stderr).toBe('mailsim: missing required argument "scenario"\n  (mailsim run --help shows the usage)\n');
    expect((await runCli(['run', 'a', 'b'])).stderr).toBe('mailsim: "run" takes 1 argument, got 2\n  (mailsim run --help shows the usage)\n');
    expect((await runCli(['serve', '--imap-port'])).stderr).toBe('mailsim: option "--imap-port <n>" needs a value\n  (mailsim serve --help shows the usage)\n');
  });
});

describe('counts read as English', () => {
  it('validate says "1 step" and "1 check", not "1 steps" and "1 checks"', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mailsim-words-'));
    writeFileSync(path.join(dir, 'one.yaml'), 'accounts:\n  a@example.com: {}\ndevices:\n  phone: { protocol: pop3 }\nsteps:\n  - sync: phone\nexpect:\n  devices:\n    phone: { count: 0 }\n');
    const run = await runCli(['validate', 'one.yaml'], { cwd: dir });
    expect(run.stdout).toBe('ok  one.yaml (1 variant, 1 step, 1 check)\n');
  });
});
