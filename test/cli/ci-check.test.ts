import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { RunJson } from '../../src/report/json.js';
import { ROOT, runCli } from '../helpers/cli.js';

/** Two POP3 devices, leave on server: both get both messages; only the laptop reads one. */
const SCENARIO = `accounts:
  alice@example.com: {}
devices:
  laptop: { protocol: pop3, leaveOnServer: true }
  phone: { protocol: pop3, leaveOnServer: true }
steps:
  - deliver: { subject: First, from: "Bob <bob@example.com>" }
  - deliver: { subject: Second, from: "Bob <bob@example.com>" }
  - sync: all
  - read: { device: laptop, message: First }
  - flag: { device: phone, message: Second }
`;

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mailsim-ci-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

const PASSING = `${SCENARIO}expect:
  devices:
    laptop:
      count: 2
      subjects: [First, Second]
      subjectsAnyOrder: [Second, First]
      contains: [First]
      absent: []
      unread: 1
      flagged: 0
      messages:
        First: { read: true, flagged: false, deleted: false }
      folders:
        Trash: { count: 0 }
    phone: { flagged: 1, messages: { Second: { flagged: true } } }
  server:
    alice@example.com:
      INBOX: { count: 2, messages: { First: { read: true } } }
  converged: false
`;

const FAILING = `${SCENARIO}expect:
  devices:
    laptop:
      count: 3
      subjects: [Second, First]
      subjectsAnyOrder: [First]
      contains: [First, Second]
      absent: [Second]
      unread: 2
      flagged: 1
      messages:
        First: { read: false }
    phone:
      messages: { Second: { flagged: false } }
  server:
    alice@example.com:
      INBOX: { count: 0 }
      Archive: { count: 1 }
  converged: { devices: [laptop, phone], is: true }
`;

describe('expect: blocks', () => {
  it('passes every kind of check when the state matches, exit 0', async () => {
    const dir = workspace({ 's.yaml': PASSING });
    const run = await runCli(['run', 's.yaml', '--json'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const doc = RunJson.parse(JSON.parse(run.stdout));
    const results = doc.variants[0]!.expectations;
    expect(results.filter((r) => !r.passed)).toEqual([]);
    expect(results.map((r) => r.name)).toEqual([
      'laptop INBOX holds 2 messages',
      'laptop INBOX subjects are "First", "Second" in order',
      'laptop INBOX subjects are "Second", "First" in any order',
      'laptop INBOX contains "First"',
      'laptop INBOX does not contain (none)',
      'laptop INBOX has 1 unread',
      'laptop INBOX has 0 flagged',
      'laptop INBOX "First" is read, not flagged, not marked deleted',
      'laptop Trash holds 0 messages',
      'phone INBOX has 1 flagged',
      'phone INBOX "Second" is flagged',
      'server alice@example.com INBOX holds 2 messages',
      'server alice@example.com INBOX "First" is read',
      'the devices of each account are not converged',
    ]);
    expect(doc.ok).toBe(true);
    expect(doc.summary.expectations).toEqual({ passed: 14, failed: 0 });
  });

  it('fails every kind of check when the state differs, checks them all, and exits 1', async () => {
    const dir = workspace({ 's.yaml': FAILING });
    const run = await runCli(['run', 's.yaml', '--json'], { cwd: dir });
    expect(run.code).toBe(1);
    const doc = RunJson.parse(JSON.parse(run.stdout));
    const results = doc.variants[0]!.expectations;
    expect(results.map((r) => [r.name, r.passed, r.actual, r.detail])).toEqual([
      ['laptop INBOX holds 3 messages', false, '2', null],
      ['laptop INBOX subjects are "Second", "First" in order', false, '"First", "Second"', 'same subjects, different order'],
      ['laptop INBOX subjects are "First" in any order', false, '"First", "Second"', 'unexpected: "Second"'],
      ['laptop INBOX contains "First", "Second"', true, '"First", "Second"', null],
      ['laptop INBOX does not contain "Second"', false, '"First", "Second"', 'present: "Second"'],
      ['laptop INBOX has 2 unread', false, '1', null],
      ['laptop INBOX has 1 flagged', false, '0', null],
      ['laptop INBOX "First" is unread', false, 'read', null],
      ['phone INBOX "Second" is not flagged', false, 'flagged', null],
      ['server alice@example.com INBOX holds 0 messages', false, '2', null],
      ['server alice@example.com Archive holds 1 message', false, '0', null],
      ['laptop, phone are converged', false, 'diverged: 2 messages differ between laptop and phone, and no sync will reconcile them (POP3 keeps its own state)', null],
    ]);
    expect(doc.ok).toBe(false);
    expect(results.map((r) => r.line)).toEqual([15, 16, 17, 18, 19, 20, 21, 23, 25, 28, 29, 30]);
  });

  it('says a duplicate is another copy, not "same subjects, different order"', async () => {
    const dir = workspace({
      's.yaml': `accounts:\n  alice@example.com: {}\ndevices:\n  phone: { protocol: pop3 }\nsteps:\n  - deliver: { subject: Report }\n  - deliver: { subject: Report }\n  - deliver: { subject: Memo }\n  - sync: phone\nexpect:\n  devices:\n    phone:\n      subjects: [Report, Memo]\n      subjectsAnyOrder: [Memo, Memo, Report, Report]\n`,
    });
    const run = await runCli(['run', 's.yaml', '--json'], { cwd: dir });
    const details = RunJson.parse(JSON.parse(run.stdout)).variants[0]!.expectations.map((e) => e.detail);
    expect(details).toEqual(['unexpected: another "Report"', 'missing: another "Memo"']);
  });

  it('prints a readable expected-vs-actual diff and exits 1', async () => {
    const dir = workspace({ 's.yaml': FAILING });
    const run = await runCli(['run', 's.yaml'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Expectations: 1 passed, 11 failed');
    expect(run.stdout).toContain(
      ['  ✗ laptop INBOX subjects are "First" in any order (line 17)', '      expected: "First"', '      actual:   "First", "Second"', '      unexpected: "Second"'].join('\n'),
    );
    expect(run.stdout).toContain('  ✓ laptop INBOX contains "First", "Second"');
  });

  it('with --quiet prints only failures, and nothing when all pass', async () => {
    const dir = workspace({ 'bad.yaml': FAILING, 'good.yaml': PASSING });
    const bad = await runCli(['run', 'bad.yaml', '--quiet'], { cwd: dir });
    expect(bad.code).toBe(1);
    expect(bad.stdout).not.toContain('✓');
    expect(bad.stdout).not.toContain('Timeline');
    expect(bad.stdout.match(/✗/g)).toHaveLength(11);
    const good = await runCli(['run', 'good.yaml', '-q'], { cwd: dir });
    expect(good.code).toBe(0);
    expect(good.stdout).toBe('');
  });

  it('applies variant checks over top-level ones for the same target', async () => {
    const text = `${SCENARIO.replace('steps:', 'variants:\n  a: {}\n  b:\n    expect:\n      devices:\n        laptop: { count: 2 }\nsteps:')}expect:\n  devices:\n    laptop: { count: 5 }\n`;
    const dir = workspace({ 's.yaml': text });
    const run = await runCli(['run', 's.yaml', '--json'], { cwd: dir });
    const doc = RunJson.parse(JSON.parse(run.stdout));
    expect(doc.variants.map((v) => v.expectations.map((e) => [e.name, e.passed]))).toEqual([
      [['laptop INBOX holds 5 messages', false]],
      [['laptop INBOX holds 2 messages', true]],
    ]);
    expect(run.code).toBe(1);
  });
});

describe('machine output', () => {
  it('--json prints only one JSON document of the documented shape, identical across runs', async () => {
    const dir = workspace({ 's.yaml': PASSING });
    const first = await runCli(['run', 's.yaml', '--json', '--seed', '3'], { cwd: dir });
    const second = await runCli(['run', 's.yaml', '--json', '--seed', '3'], { cwd: dir });
    expect(second.stdout).toBe(first.stdout);
    const doc = RunJson.parse(JSON.parse(first.stdout));
    expect(doc.seed).toBe(3);
    expect(doc.mailsim).toBe(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
    expect(doc.variants[0]!.latencies.map((l) => [l.subject, l.device, l.latencyMs])).toEqual([
      ['First', 'laptop', 0],
      ['First', 'phone', 0],
      ['Second', 'laptop', 0],
      ['Second', 'phone', 0],
    ]);
    expect(doc.variants[0]!.devices.map((d) => d.name)).toEqual(['laptop', 'phone']);
  });

  it('--junit writes XML with one testcase per check and failures that say why', async () => {
    const dir = workspace({ 's.yaml': FAILING });
    const run = await runCli(['run', 's.yaml', '--junit', 'out/../report.xml', '--quiet'], { cwd: dir });
    expect(run.code).toBe(1);
    const xml = readFileSync(path.join(dir, 'report.xml'), 'utf8');
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);
    const suite = parsed.testsuites.testsuite;
    expect(parsed.testsuites.tests).toBe('12');
    expect(parsed.testsuites.failures).toBe('11');
    expect(suite.name).toBe('s');
    expect(suite.testcase).toHaveLength(12);
    const failed = suite.testcase.find((t: { name: string }) => t.name === 'laptop INBOX holds 3 messages');
    expect(failed.failure.message).toBe('expected 3, got 2');
    expect(failed.failure['#text']).toContain('at s.yaml:15');
    const passed = suite.testcase.find((t: { name: string }) => t.name === 'laptop INBOX contains "First", "Second"');
    expect(passed.failure).toBeUndefined();
  });

  it('--junit or --trace-file to an unwritable place is a usage error found before the run, not after the report', async () => {
    const dir = workspace({ 's.yaml': PASSING });
    const run = await runCli(['run', 's.yaml', '--junit', 'no/such/dir/report.xml'], { cwd: dir });
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: 'mailsim: --junit no/such/dir/report.xml: cannot write: no such directory "no/such/dir" (create it first: mkdir -p no/such/dir)\n',
    });
    const trace = await runCli(['run', 's.yaml', '--trace-file', '.'], { cwd: dir });
    expect(trace).toEqual({ code: 2, stdout: '', stderr: 'mailsim: --trace-file .: cannot write: it is a directory; name a file in it, e.g. wire.txt\n' });
    const notDir = await runCli(['run', 's.yaml', '--junit', 's.yaml/report.xml'], { cwd: dir });
    expect(notDir).toMatchObject({ code: 2, stdout: '', stderr: 'mailsim: --junit s.yaml/report.xml: cannot write: "s.yaml" is not a directory\n' });
  });

  it('--trace prints the wire transcript with the password masked', async () => {
    const dir = workspace({ 's.yaml': PASSING });
    const run = await runCli(['run', 's.yaml', '--trace', '--no-timeline'], { cwd: dir });
    expect(run.code).toBe(0);
    const trace = run.stdout.slice(run.stdout.indexOf('Wire transcript · laptop'));
    expect(trace).toContain('pop3#1 C: USER alice@example.com');
    expect(trace).toContain('pop3#1 C: PASS ********');
    expect(trace).toMatch(/pop3#1 C: RETR 1\n {2}pop3#1 S: \+OK \d+ octets\n {2}pop3#1 S: <\d+ octets>/);
    expect(run.stdout).not.toContain('PASS secret');
  });

  it('--trace shows what an IMAP device really sends: headers-only FETCH, STORE for a read, no password', async () => {
    const dir = workspace({
      's.yaml': `accounts:\n  alice@example.com: {}\ndevices:\n  phone: { protocol: imap, download: headers }\nsteps:\n  - deliver: { subject: Hello }\n  - sync: phone\n  - read: { device: phone, message: Hello }\n`,
    });
    const run = await runCli(['run', 's.yaml', '--trace', '--no-timeline'], { cwd: dir });
    expect(run.code).toBe(0);
    const trace = run.stdout.slice(run.stdout.indexOf('Wire transcript · phone'));
    expect(trace).toMatch(/imap#1 C: \w+ UID FETCH 1:\* \(UID FLAGS (?:EMAILID )?MODSEQ BODY\.PEEK\[HEADER\.FIELDS \(date from subject message-id\)\]\)/);
    // FLAGS () rather than (\Recent): imapflow enabled IMAP4rev2.
    expect(trace).toMatch(/imap#1 S: \* 1 FETCH \(UID 1 FLAGS \(\) (?:EMAILID \(M[0-9a-f]+\) )?MODSEQ \(\d+\) BODY\[HEADER\.FIELDS \(date from subject message-id\)\] \{\d+\}\n {2}imap#1 S: <\d+ octets>/);
    expect(trace).toMatch(/imap#1 C: \w+ UID STORE 1 \+FLAGS \(\\Seen\)/);
    expect(trace).toContain('imap#1 C: 2 AUTHENTICATE PLAIN\n  imap#1 S: + \n  imap#1 C: ********');
    expect(run.stdout).not.toContain('secret');
    expect(run.stdout).not.toContain(Buffer.from('secret').toString('base64'));
  });

  it('--trace with --json writes the transcript to stderr, as --help says, so stdout stays one document', async () => {
    const dir = workspace({ 's.yaml': PASSING });
    const run = await runCli(['run', 's.yaml', '--json', '--trace'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(RunJson.parse(JSON.parse(run.stdout)).ok).toBe(true);
    expect(run.stderr).toContain('Wire transcript · laptop');
    expect((await runCli(['run', '--help'])).stdout).toContain('on stderr with --json');
  });

  it('--trace-file writes the transcript to a file, and --json keeps stdout pure', async () => {
    const dir = workspace({ 's.yaml': PASSING });
    const run = await runCli(['run', 's.yaml', '--json', '--trace-file', 'wire.txt'], { cwd: dir });
    expect(() => JSON.parse(run.stdout)).not.toThrow();
    const trace = readFileSync(path.join(dir, 'wire.txt'), 'utf8');
    expect(trace).toContain('Wire transcript · phone');
    expect(trace).toContain('C: QUIT');
  });
});

describe('exit code 3', () => {
  it('maps an unexpected failure to exit 3 with a hint that it is a bug', async () => {
    const { main } = await import('../../src/cli/program.js');
    let stderr = '';
    const code = await main(['list'], {
      stdout: {
        write: () => {
          throw new Error('EPIPE: stdout went away');
        },
      },
      stderr: { write: (t: string) => (stderr += t) },
      env: {},
      cwd: ROOT,
    });
    expect(code).toBe(3);
    expect(stderr).toContain('internal error: Error: EPIPE: stdout went away');
    expect(stderr).toContain('This is a bug in mailsim');
  });
});
