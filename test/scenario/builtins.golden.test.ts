import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinNames } from '../../src/cli/builtins.js';
import { ROOT, runCli } from '../helpers/cli.js';

/**
 * Every built-in scenario is a lesson and a fixture: it runs green (its own expect: blocks pass)
 * and prints exactly the reviewed golden output. After an intended change to the output, rerun
 * with UPDATE_GOLDEN=1, then read every changed golden file by eye before committing it.
 */
const GOLDEN_DIR = path.join(ROOT, 'test/golden');
const update = process.env.UPDATE_GOLDEN === '1';

/**
 * A built-in may run for a while: pop3-modern-defaults plays two weeks of Thunderbird's 10-minute
 * checks, some 2,000 POP3 sessions, each with its own TLS handshake (as a real client's).
 */
export const BUILTIN_RUN_TIMEOUT_MS = 60_000;

describe('built-in scenarios', () => {
  it('are all there, in teaching order', () => {
    expect(builtinNames()).toEqual([
      'laptop-phone',
      'pop3-modern-defaults',
      'pop3-leave-on-server',
      'pop3-delete-after-days',
      'pop3-laptop-imap-phone',
      'imap-folders',
      'imap-headers-first',
      'imap-push-vs-poll',
      'imap-offline',
      'imap-qresync',
      'imap-delete-models',
      'reply-from-phone',
      'switch-to-imap',
      'ports-and-tls',
      'gmail-pop-two-devices',
      'gmail-labels',
    ]);
  });

  for (const name of builtinNames()) {
    it(`${name} runs green and prints its golden output`, async () => {
      const run = await runCli(['run', name]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const file = path.join(GOLDEN_DIR, `${name}.txt`);
      if (update) writeFileSync(file, run.stdout);
      expect(existsSync(file), `no golden file for ${name}: run with UPDATE_GOLDEN=1 and review it`).toBe(true);
      expect(run.stdout).toBe(readFileSync(file, 'utf8'));
    }, BUILTIN_RUN_TIMEOUT_MS);
  }
});
