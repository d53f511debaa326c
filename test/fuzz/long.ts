/**
 * `npm run fuzz`: the long fuzz run, 10^6 generated IMAP, POP3 and SMTP commands by default
 * (FUZZ_INPUTS to change it, FUZZ_SEED to pick the seed, FUZZ_THROTTLE=1 to hold failed logins),
 * with figures at the end. Same checks as the test in the normal suite (test/fuzz/fuzz.test.ts);
 * a failure prints fast-check's seed and path to replay it.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fuzzRun } from './fuzz-run.js';

const inputs = Number(process.env.FUZZ_INPUTS ?? 1_000_000);
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
// A third of the commands each for IMAP, POP3 and SMTP: an IMAP or POP3 session averages about
// seven commands, an SMTP one about eleven lines (transactions, bursts, SASL answers).
const runs = Math.max(1, Math.ceil(inputs / 3 / 7));
const smtpRuns = Math.max(1, Math.ceil(inputs / 3 / 11));
// FUZZ_THROTTLE=1: failed logins held 1-3 ms (LoginThrottle, on by default off loopback), so the
// held-reply path of every protocol is fuzzed too.
const loginThrottle = process.env.FUZZ_THROTTLE === '1' ? { initialDelayMs: 1, maxDelayMs: 3, forgetAfterMs: 60_000 } : undefined;

const stall = monitorEventLoopDelay({ resolution: 10 });
stall.enable();
const start = process.hrtime.bigint();
const rssBefore = process.memoryUsage().rss;
let last = 0;
const result = await fuzzRun({
  seed,
  imapRuns: runs,
  pop3Runs: runs,
  smtpRuns,
  ...(loginThrottle ? { loginThrottle } : {}),
  onProgress: (done) => {
    if (done - last >= 10_000) {
      last = done;
      process.stderr.write(`  ${done} of ${2 * runs + smtpRuns} sessions\n`);
    }
  },
});
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
stall.disable();
const commands = result.imap.commands + result.pop3.commands + result.smtp.commands;
const smtp = result.smtp;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
console.log(`mailsim fuzz · seed ${seed} · node ${process.version}${loginThrottle ? ' · login throttle 1-3 ms' : ''}`);
console.log(`  IMAP  ${result.imap.commands} commands, ${result.imap.replies} replies, ${result.imap.reconnects} reconnects`);
console.log(`  POP3  ${result.pop3.commands} commands, ${result.pop3.replies} replies, ${result.pop3.reconnects} reconnects`);
console.log(`  SMTP  ${smtp.commands} commands, ${smtp.replies} replies, ${smtp.reconnects} reconnects; ${smtp.bodies} DATA texts and BDAT chunks, ${smtp.deliveries} deliveries, ${smtp.hangUps} hang-ups; slowest reply ${smtp.slowestReplyMs.toFixed(1)} ms`);
console.log(`  ${commands} commands in ${seconds.toFixed(1)} s (${(commands / seconds).toFixed(0)}/s); RSS ${mb(rssBefore)} -> ${mb(process.memoryUsage().rss)}; longest event-loop stall ${(stall.max / 1e6).toFixed(1)} ms`);
console.log('  every reply well-formed; every SMTP delivery stored as sent; every connection let go after its session; fresh logins work; every stored message byte-identical over IMAP BODY.PEEK[] and POP3 RETR');
