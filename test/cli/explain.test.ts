import { describe, expect, it } from 'vitest';
import { ExplainJson } from '../../src/report/explain-json.js';
import { runCli } from '../helpers/cli.js';

const SUBJECT = 'Dinner on Friday?';

describe('mailsim run --explain', () => {
  it('tells one message\'s story per variant: arrival, what each device did, the checks that missed it, the end', async () => {
    const run = await runCli(['run', 'laptop-phone', '--explain', SUBJECT]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const pop3 = run.stdout.slice(0, run.stdout.indexOf('in variant imap'));
    expect(pop3.split('\n')[0]).toBe(`"${SUBJECT}" in variant pop3`);
    expect(pop3).toMatch(/^ {2}09:00 {2}laptop {2}downloaded "Dinner on Friday\?"/m);
    expect(pop3).toMatch(/^ {2}\d\d:\d\d {2}phone {3}checked mail .* — not there$/m);
    expect(pop3).toMatch(/^ {4}end {10}laptop: read · phone: missing · server: gone$/m);
  });

  it('with --json prints one JSON document of the documented shape, the same story', async () => {
    const run = await runCli(['run', 'laptop-phone', '--json', '--explain', SUBJECT]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const doc = ExplainJson.parse(JSON.parse(run.stdout));
    expect(doc).toMatchObject({ kind: 'explain', subject: SUBJECT, scenario: { name: 'laptop-phone' }, seed: 1 });
    expect(doc.variants.map((v) => v.name)).toEqual(['pop3', 'imap']);
    const pop3 = doc.variants[0]!;
    expect(pop3.events[0]).toMatchObject({ kind: 'deliver', device: null, missedCheck: false });
    expect(pop3.events.some((e) => e.device === 'phone' && e.kind === 'check' && e.missedCheck)).toBe(true);
    expect(pop3.end).toEqual({ devices: [{ device: 'laptop', state: 'read' }, { device: 'phone', state: 'missing' }], server: 'gone' });
    const text = (await runCli(['run', 'laptop-phone', '--explain', SUBJECT])).stdout;
    for (const event of pop3.events) expect(text).toContain(event.text);
  });

  it('names the subjects it knows when the one asked for was never delivered', async () => {
    const run = await runCli(['run', 'laptop-phone', '--json', '--explain', 'Diner on Friday?']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('--explain: no message with subject "Diner on Friday?"; did you mean "Dinner on Friday?"?');
  });
});
