/**
 * The fuzz test of the normal suite: a few thousand generated IMAP, POP3 and SMTP commands over
 * real sockets, before and after login (test/fuzz/fuzz-run.ts). Seeded: FUZZ_SEED=<n> replays a
 * run; `npm run fuzz` runs a million.
 */
import { describe, expect, it } from 'vitest';
import { fuzzRun } from './fuzz-run.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20240304);

describe('protocol fuzzing', () => {
  it(`answers thousands of generated IMAP, POP3 and SMTP commands well-formed, stores what SMTP delivered as sent, then logs in and reads every stored message intact (seed ${SEED})`, async () => {
    const result = await fuzzRun({ seed: SEED, imapRuns: 300, pop3Runs: 300, smtpRuns: 300 });
    expect(result.imap.commands + result.pop3.commands).toBeGreaterThan(2_000);
    expect(result.imap.replies).toBeGreaterThanOrEqual(result.imap.commands);
    expect(result.smtp.commands).toBeGreaterThan(1_500);
    // Each line is answered, and so is its marker NOOP unless the server closed first.
    expect(result.smtp.replies).toBeGreaterThan(result.smtp.commands);
    expect(result.smtp.deliveries).toBeGreaterThan(20);
  }, 60_000);
});
