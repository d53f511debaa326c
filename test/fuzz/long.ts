/**
 * `npm run fuzz`: the long fuzz run, 10^6 generated commands by default (FUZZ_INPUTS to change it,
 * FUZZ_SEED to pick the seed), with figures at the end. Same checks as the test in the normal
 * suite (test/fuzz/fuzz.test.ts); a failure prints fast-check's seed and path to replay it.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fuzzRun } from './fuzz-run.js';

const inputs = Number(process.env.FUZZ_INPUTS ?? 1_000_000);
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
// A session averages about seven commands; half the sessions are IMAP, half POP3.
const runs = Math.max(1, Math.ceil(inputs / 7 / 2));

const stall = monitorEventLoopDelay({ resolution: 10 });
stall.enable();
const start = process.hrtime.bigint();
const rssBefore = process.memoryUsage().rss;
let last = 0;
const result = await fuzzRun({
  seed,
  imapRuns: runs,
  pop3Runs: runs,
  onProgress: (done) => {
    if (done - last >= 10_000) {
      last = done;
      process.stderr.write(`  ${done} of ${2 * runs} sessions\n`);
    }
  },
});
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
stall.disable();
const commands = result.imap.commands + result.pop3.commands;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
console.log(`mailsim fuzz · seed ${seed} · node ${process.version}`);
console.log(`  IMAP  ${result.imap.commands} commands, ${result.imap.replies} replies, ${result.imap.reconnects} reconnects`);
console.log(`  POP3  ${result.pop3.commands} commands, ${result.pop3.replies} replies, ${result.pop3.reconnects} reconnects`);
console.log(`  ${commands} commands in ${seconds.toFixed(1)} s (${(commands / seconds).toFixed(0)}/s); RSS ${mb(rssBefore)} -> ${mb(process.memoryUsage().rss)}; longest event-loop stall ${(stall.max / 1e6).toFixed(1)} ms`);
console.log('  every reply well-formed; fresh logins work; every stored message byte-identical over IMAP BODY.PEEK[] and POP3 RETR');
