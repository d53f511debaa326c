import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderJsonSchema } from '../../src/scenario/json-schema.js';
import { ROOT, runCli } from '../helpers/cli.js';

function workspace(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mailsim-tool-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

const GOOD = `accounts:
  alice@example.com: {}
devices:
  laptop: { protocol: pop3 }
  phone: { protocol: pop3 }
steps:
  - deliver: { subject: Hello }
  - sync: laptop
`;

describe('mailsim validate', () => {
  it('accepts valid scenarios and built-ins, exit 0', async () => {
    const dir = workspace({ 'good.yaml': GOOD });
    const run = await runCli(['validate', 'good.yaml', 'laptop-phone'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('ok  good.yaml (1 variant, 2 steps, 0 checks)\nok  scenarios/laptop-phone.yaml (2 variants, 15 steps, 12 checks)\n');
  });

  it('reports every problem in every file with exact line:col, then exits 2', async () => {
    const bad = GOOD.replace('- sync: laptop', '- sync: labtop') + 'expect:\n  devices:\n    phnoe: { count: 1 }\n    laptop: { contains: [Helo] }\n  server:\n    alice@example.org: { INBOX: { count: 0 } }\n  converged: { devices: [laptop, tablet], is: true }\n';
    const dir = workspace({ 'good.yaml': GOOD, 'bad.yaml': bad });
    const run = await runCli(['validate', 'good.yaml', 'bad.yaml'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('ok  good.yaml (1 variant, 2 steps, 0 checks)\n');
    const lines = run.stderr.split('\n').filter((l) => l.startsWith('bad.yaml'));
    expect(lines).toEqual([
      'bad.yaml:8:11: unknown device "labtop"; did you mean "laptop"?',
      'bad.yaml:11:5: expect names unknown device "phnoe"; did you mean "phone"?',
      'bad.yaml:12:26: no step sends a message with subject or id "Helo"; did you mean "Hello"?',
      'bad.yaml:14:5: expect names unknown account "alice@example.org"; did you mean "alice@example.com"?',
      'bad.yaml:15:34: unknown device "tablet"',
    ]);
    expect(run.stderr).toContain('1 of 2 scenarios invalid');
  });

  it('rejects unknown keys inside expect with a suggestion', async () => {
    const dir = workspace({ 's.yaml': `${GOOD}expect:\n  devices:\n    laptop: { cuont: 1 }\n` });
    const run = await runCli(['validate', 's.yaml'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('s.yaml:11:15: unknown key "cuont" in expect.devices.laptop; did you mean "count"?');
  });
});

describe('absent: of a subject never delivered', () => {
  it('is a valid check; only a near miss of a delivered subject gets a warning, and the run goes on', async () => {
    const dir = workspace({
      'fine.yaml': `${GOOD}expect:\n  devices:\n    laptop: { absent: [Spam] }\n`,
      'near.yaml': `${GOOD}expect:\n  devices:\n    laptop: { absent: [Helol, Spam] }\n`,
      'typo.yaml': `${GOOD}expect:\n  devices:\n    laptop: { contains: [Spam] }\n`,
    });
    expect(await runCli(['validate', 'fine.yaml'], { cwd: dir })).toEqual({ code: 0, stdout: 'ok  fine.yaml (1 variant, 2 steps, 1 check)\n', stderr: '' });
    const near = await runCli(['run', 'near.yaml', '--quiet'], { cwd: dir });
    expect(near).toMatchObject({ code: 0, stdout: '' });
    expect(near.stderr).toBe(
      'near.yaml:11:24: warning: absent: no step sends "Helol", so this always passes; did you mean "Hello"?\n' +
        '  hint: absent: may name a subject that is never delivered; this one is one letter away from one that is\n',
    );
    const typo = await runCli(['validate', 'typo.yaml'], { cwd: dir });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('typo.yaml:11:26: no step sends a message with subject or id "Spam"');
  });
});

describe('mailsim init', () => {
  it('writes a starter scenario that validates and runs green', async () => {
    const dir = workspace();
    const init = await runCli(['init', 'first'], { cwd: dir });
    expect(init.code).toBe(0);
    expect(init.stdout).toContain('wrote first.yaml');
    const text = readFileSync(path.join(dir, 'first.yaml'), 'utf8');
    // The $schema line names a file init wrote beside it: it works without mailsim in node_modules.
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./scenario.schema.json');
    expect(init.stdout).toBe('wrote first.yaml\nwrote scenario.schema.json (editor completion for the $schema line)\nnext: npx mailsim run first.yaml\n');
    expect(readFileSync(path.join(dir, 'scenario.schema.json'), 'utf8')).toBe(renderJsonSchema());
    expect((await runCli(['validate', 'first.yaml'], { cwd: dir })).code).toBe(0);
    const run = await runCli(['run', 'first.yaml'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Expectations: \d+ passed, 0 failed/);
  });

  it('never overwrites a file unless --force', async () => {
    const dir = workspace({ 'my-scenario.yaml': 'mine' });
    const run = await runCli(['init'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('my-scenario.yaml already exists');
    expect(readFileSync(path.join(dir, 'my-scenario.yaml'), 'utf8')).toBe('mine');
    expect((await runCli(['init', '--force'], { cwd: dir })).code).toBe(0);
    expect(readFileSync(path.join(dir, 'my-scenario.yaml'), 'utf8')).toContain('name: my-scenario');
  });

  it('keeps a schema copy that differs (says how to refresh it), and leaves a current one quietly', async () => {
    const dir = workspace({ 'scenario.schema.json': '{"old": true}' });
    const first = await runCli(['init', 'a'], { cwd: dir });
    expect(first.stdout).toContain("kept scenario.schema.json: it differs from this mailsim's schema; `mailsim schema --write` replaces it\n");
    expect(readFileSync(path.join(dir, 'scenario.schema.json'), 'utf8')).toBe('{"old": true}');
    expect(await runCli(['schema', '--write'], { cwd: dir })).toEqual({ code: 0, stdout: 'wrote scenario.schema.json\n', stderr: '' });
    expect(readFileSync(path.join(dir, 'scenario.schema.json'), 'utf8')).toBe(renderJsonSchema());
    expect((await runCli(['init', 'b'], { cwd: dir })).stdout).toBe('wrote b.yaml\nnext: npx mailsim run b.yaml\n');
  });

  it('refuses a name that is not a plain file name', async () => {
    const run = await runCli(['init', '../escape'], { cwd: workspace() });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is not a usable scenario name');
  });
});

describe('mailsim schema', () => {
  it('prints the JSON Schema generated from the validator, equal to the committed copy', async () => {
    const run = await runCli(['schema']);
    expect(run.code).toBe(0);
    const committed = readFileSync(path.join(ROOT, 'schema/scenario.schema.json'), 'utf8');
    // If this fails after a schema change: npx tsx src/cli/main.ts schema > schema/scenario.schema.json
    expect(run.stdout).toBe(committed);
    expect(run.stdout).toBe(renderJsonSchema());
    const schema = JSON.parse(run.stdout);
    expect(Object.keys(schema.properties)).toEqual(['name', 'description', 'lesson', 'start', 'seed', 'server', 'accounts', 'devices', 'variants', 'steps', 'expect']);
    expect(schema.additionalProperties).toBe(false);
  });

  it('--write puts it in a file, by default the scenario.schema.json that init names', async () => {
    const dir = workspace();
    expect((await runCli(['schema', '--write', 'editor.json'], { cwd: dir })).stdout).toBe('wrote editor.json\n');
    expect(readFileSync(path.join(dir, 'editor.json'), 'utf8')).toBe(renderJsonSchema());
    const bad = await runCli(['schema', '--write', 'no/such/dir/s.json'], { cwd: dir });
    expect(bad).toMatchObject({ code: 2, stderr: 'mailsim: schema --write no/such/dir/s.json: cannot write: no such directory\n' });
  });
});
