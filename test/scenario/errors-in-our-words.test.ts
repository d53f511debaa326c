import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScenarioError, type Diagnostic } from '../../src/scenario/diagnostics.js';
import { loadScenarioFile } from '../../src/scenario/loader.js';
import { diagnosticsOf } from '../helpers/scenario.js';

const GOOD = `accounts:
  alice@example.com: {}
devices:
  phone: { protocol: pop3 }
steps:
  - deliver: { subject: Hi }
  - sync: phone
`;

const problems = (text: string): Diagnostic[] => diagnosticsOf(text, 's.yaml');

const shown = (d: Diagnostic): string => `${d.line}:${d.col} ${d.message}${d.hint ? ` | ${d.hint}` : ''}`;

/** Words of zod, yaml and Node that must never reach a person editing a scenario. */
const LIBRARY_SPEAK = /Invalid key in record|parseAllDocuments|Source contains|EISDIR|illegal operation|Flow map in block|Invalid input|steps\.\d/;

describe('scenario errors in our words, with the fix', () => {
  it('an account that is not an address names the rule, not "Invalid key in record"', () => {
    expect(problems(GOOD.replace('alice@example.com: {}', 'alice: {}')).map(shown)).toEqual([
      '2:3 accounts: the key "alice" is not valid: expected an email address such as alice@example.com | Accounts on the server, by address.',
    ]);
  });

  it('a second YAML document is pointed at, with what to do', () => {
    expect(problems(`${GOOD}---\nname: two\n`).map(shown)).toEqual([
      '8:1 a scenario is one YAML document, and a second one starts here | remove this "---" line (and what follows it), or put each scenario in its own file',
    ]);
  });

  it('NUL bytes (a UTF-16 or binary file) are named as such, not read as a key " accounts"', () => {
    const [problem, ...rest] = problems(`\0\0${GOOD}`);
    expect(rest).toEqual([]);
    expect(shown(problem!)).toBe(
      '1:1 a NUL byte (U+0000) here (and 1 more): a scenario is plain UTF-8 text | if your editor saved the file as UTF-16, save it again as UTF-8; otherwise delete the character',
    );
  });

  it('a missing "}" or "]" is reported where it opens, not at the next key', () => {
    const brace = GOOD.replace('phone: { protocol: pop3 }', 'phone: { protocol: pop3\n  laptop: { protocol: pop3 }');
    expect(problems(brace).map((d) => `${d.line}:${d.col} ${d.message}`)).toEqual(['4:10 this "{" is never closed: end it with "}"']);
    const bracket = GOOD.replace('  - sync: phone\n', '  - sync: [phone\nname: x\n');
    expect(problems(bracket).map((d) => `${d.line}:${d.col} ${d.message}`)).toEqual(['7:11 this "[" is never closed: end it with "]"']);
  });

  it('an unclosed quote is reported where it opens (and the "{" whose "}" it swallowed)', () => {
    expect(problems(GOOD.replace('subject: Hi }', 'subject: "Hi }')).map((d) => `${d.line}:${d.col} ${d.message}`)).toEqual([
      '6:14 this "{" is never closed: end it with "}"',
      '6:25 this quoted text is never closed',
    ]);
  });

  it('a tab used for indenting says so', () => {
    expect(problems(GOOD.replace('  phone:', '\tphone:')).map((d) => `${d.line}:${d.col} ${d.message}`)).toEqual(['4:1 a tab indents this line; YAML indents with spaces only']);
  });

  it('a number where a duration belongs asks for a unit, "such as 10m"', () => {
    const [problem] = problems(GOOD.replace('{ protocol: pop3 }', '{ protocol: pop3, checkEvery: 10 }'));
    expect(problem!.message).toBe('devices.phone.checkEvery: expected a duration with a unit, such as "10m" (units: ms, s, m, h, d, w), got 10');
    const [step] = problems(`${GOOD}  - advance: 3\n`);
    expect(step!.message).toBe('step 3 (advance, line 8): expected a duration with a unit, such as "10m" (units: ms, s, m, h, d, w), got 3');
  });

  it('an IMAP setting on a POP3 device says whose setting it is', () => {
    const [problem] = problems(GOOD.replace('{ protocol: pop3 }', '{ protocol: pop3, push: true }'));
    expect(problem!.message).toBe('unknown key "push" in devices.phone: that is an IMAP setting, and this device uses POP3 (protocol: pop3)');
    const [imap] = problems(GOOD.replace('{ protocol: pop3 }', '{ protocol: imap, leaveOnServer: true }'));
    expect(imap!.message).toBe('unknown key "leaveOnServer" in devices.phone: that is a POP3 setting, and this device uses IMAP (protocol: imap)');
  });

  it('names steps from 1, with their line, as the person counts them', () => {
    const text = `${GOOD}  - read: { device: phone, mesage: 1 }\n`;
    expect(problems(text).map((d) => `${d.line}:${d.col} ${d.message}`)).toEqual([
      '8:5 missing required key "message" in step 3 (read, line 8)',
      '8:28 unknown key "mesage" in step 3 (read, line 8); did you mean "message"?',
    ]);
  });

  it('names a variant\'s own steps from 1 too, with the variant', () => {
    const text = GOOD.replace('steps:', 'variants:\n  v:\n    steps:\n      - read: { device: phone }\nsteps:');
    expect(problems(text).map((d) => `${d.line}:${d.col} ${d.message}`)).toEqual(['8:9 missing required key "message" in variant v, step 1 (read, line 8)']);
  });

  it('a directory given as the scenario is called a directory', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mailsim-dir-'));
    const error = await loadScenarioFile(dir, 'stories').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScenarioError);
    expect((error as ScenarioError).message).toBe('stories:1:1: cannot read scenario: this is a directory, not a file\n  hint: name a .yaml file inside it');
  });

  it('no message or hint speaks zod, yaml or Node', () => {
    const bad = [
      GOOD.replace('alice@example.com: {}', 'alice: {}'),
      `${GOOD}---\n`,
      `\0${GOOD}`,
      GOOD.replace('phone: { protocol: pop3 }', 'phone: { protocol: pop3\n  x: 1'),
      GOOD.replace('{ protocol: pop3 }', '{ protocol: pop3, checkEvery: 10, push: true }'),
      `${GOOD}  - read: { device: phone }\n  - flag: 3\n  - advance: soon\n`,
      GOOD.replace('devices:\n  phone:', 'devices:\n  my phone:'),
    ];
    for (const text of bad) {
      for (const d of problems(text)) expect(shown(d)).not.toMatch(LIBRARY_SPEAK);
    }
  });
});
