import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../src/scenario/diagnostics.js';
import { loadScenarioFile, parseScenario } from '../../src/scenario/loader.js';

/** The scenario format's newer keys (issue 16): each resolved as written, each error at its place. */
const HEAD = `start: 2024-03-04T09:00:00Z
accounts:
  alice@example.com: {}
devices:
  laptop: { protocol: imap, account: alice@example.com }
  phone: { protocol: pop3, account: alice@example.com, leaveOnServer: true }
steps:
`;

function load(steps: string, head = HEAD, file = 'test.yaml') {
  return parseScenario(head + steps, file);
}

function errorsOf(steps: string, head = HEAD, file = 'test.yaml'): string[] {
  try {
    load(steps, head, file);
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return (error as ScenarioError).diagnostics.map((d) => `${d.line}:${d.col} ${d.message}`);
  }
  throw new Error('expected the scenario to be rejected');
}

const at = (iso: string) => Date.parse(iso);

describe('at: clock times', () => {
  it('resolves each form against the clock the steps leave', () => {
    const steps = load(`  - at: "09:10"
    note: a
  - at: "+15m"
    note: b
  - advance: 1h
  - at: "Tue 08:00"
    note: c
  - at: "2024-03-06T12:00:00Z"
  - at: "wednesday 13:00"
    note: d
`).steps;
    expect(steps.map((s) => [s.kind, s.at === undefined ? null : new Date(s.at).toISOString()])).toEqual([
      ['note', '2024-03-04T09:10:00.000Z'],
      ['note', '2024-03-04T09:25:00.000Z'],
      ['advance', null],
      ['note', '2024-03-05T08:00:00.000Z'],
      ['wait', '2024-03-06T12:00:00.000Z'],
      ['note', '2024-03-06T13:00:00.000Z'],
    ]);
  });

  it('refuses a time before the clock, at its line, and says how to write a later day', () => {
    expect(errorsOf('  - advance: 2h\n  - at: "10:00"\n    note: late\n')).toEqual([
      '9:9 this step\'s time (2024-03-04 10:00 UTC) is before the clock (2024-03-04 11:00 UTC) after the steps above',
    ]);
  });

  it('refuses a time that is none of the forms', () => {
    expect(errorsOf('  - at: "25:00"\n    note: x\n')).toEqual(['8:9 "at" is not a clock time: "25:00"']);
    expect(errorsOf('  - at: "Someday 10:00"\n    note: x\n')).toEqual(['8:9 "at" is not a clock time: "Someday 10:00"']);
  });

  it('allows at: beside one step kind, and no second kind', () => {
    expect(errorsOf('  - at: "09:10"\n    note: x\n    sync: laptop\n')).toEqual(['8:5 a step has exactly one kind, found "note", "sync"']);
  });
});

describe('message ids', () => {
  it('may name a delivered message wherever a message is named, and in expect:', () => {
    const scenario = load(
      `  - deliver: { id: first, subject: Same }
  - deliver: { id: second, subject: Same }
  - deliver: { id: news, subject: News, count: 2 }
  - read: { device: laptop, message: second }
  - reply: { device: laptop, message: first, id: answer }
  - read: { device: laptop, message: news-2 }
expect:
  devices:
    laptop:
      messages:
        second: { read: true }
      contains: [answer]
`,
    );
    expect(scenario.steps).toHaveLength(6);
  });

  it('rejects an id used twice, at the second', () => {
    expect(errorsOf('  - deliver: { id: a, subject: One }\n  - deliver: { id: a, subject: Two }\n')).toEqual(['9:20 message id "a" is already used by another step']);
  });

  it('suggests a known id or subject for a typo', () => {
    expect(errorsOf('  - deliver: { id: invoice, subject: Bill }\n  - read: { device: laptop, message: invoise }\n')).toEqual([
      '9:38 no step sends a message with subject or id "invoise"; did you mean "invoice"?',
    ]);
  });

  it('are letters, digits, ".", "-" and "_" after a letter', () => {
    expect(errorsOf('  - deliver: { id: "1st", subject: A }\n')[0]).toMatch(/^8:20 .*message ids are a letter followed by/);
  });
});

describe('deliver: recipients, real messages, attachments', () => {
  const TWO = HEAD.replace('  alice@example.com: {}\n', '  alice@example.com: {}\n  bob@example.com: {}\n');

  it('takes a list of accounts and any cc', () => {
    const step = load('  - deliver: { to: [alice@example.com, bob@example.com], cc: carol@example.org, subject: Hi }\n', TWO).steps[0]!;
    expect(step.kind === 'deliver' && step.args.to).toEqual(['alice@example.com', 'bob@example.com']);
  });

  it('takes a sender as a name and address or a bare address, and rejects one the envelope cannot carry, at its place', () => {
    expect(load('  - deliver: { from: "Bob Smith <bob@example.com>", subject: Hi }\n  - deliver: { from: bob@example.com, subject: Hi }\n').steps).toHaveLength(2);
    expect(errorsOf('  - deliver: { from: "Bob <bob at example>", subject: Hi }\n')).toEqual(['8:22 step 1 (deliver, line 8), from: expected a sender such as "Bob <bob@example.com>" or bob@example.com']);
  });

  it('rejects an unknown account in a to: list, at its entry', () => {
    expect(errorsOf('  - deliver: { to: [alice@example.com, bobb@example.com], subject: Hi }\n', TWO)).toEqual([
      '9:40 unknown account "bobb@example.com"; did you mean "bob@example.com"?',
    ]);
  });

  it('reads a message file next to the scenario and takes its subject', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mailsim-eml-'));
    writeFileSync(path.join(dir, 'invoice.eml'), 'From: Shop <shop@example.com>\r\nSubject: =?UTF-8?Q?Your_invoice_=E2=82=AC?=\r\nMessage-ID: <inv@shop>\r\n\r\nTotal: 12 EUR\r\n');
    const scenario = load('  - deliver: { file: invoice.eml, id: inv }\n  - read: { device: laptop, message: "Your invoice €" }\n', HEAD, path.join(dir, 's.yaml'));
    const step = scenario.steps[0]!;
    expect(step.kind === 'deliver' && step.args.loaded?.toString()).toContain('Total: 12 EUR');
  });

  it('reads a message file next to the scenario file even where errors name that file otherwise (a built-in is "scenarios/x.yaml")', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mailsim-eml-'));
    writeFileSync(path.join(dir, 'note.eml'), 'Subject: Beside it\r\nMessage-ID: <n@example.com>\r\n\r\nhi\r\n');
    writeFileSync(path.join(dir, 's.yaml'), `${HEAD}  - deliver: { file: note.eml }\n`);
    const scenario = await loadScenarioFile(path.join(dir, 's.yaml'), 'scenarios/s.yaml');
    const step = scenario.steps[0]!;
    expect(scenario.file).toBe('scenarios/s.yaml');
    expect(step.kind === 'deliver' && step.args.loaded?.toString()).toContain('Subject: Beside it');
  });

  it('says when a message file cannot be read, where the file is named', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mailsim-eml-'));
    expect(errorsOf('  - deliver: { file: nope.eml }\n', HEAD, path.join(dir, 's.yaml'))).toEqual(['8:22 cannot read nope.eml: no such file']);
  });

  it('takes exactly one of subject, file and raw, and nothing composed beside a whole message', () => {
    expect(errorsOf('  - deliver: { subject: A, raw: "Subject: B\\n\\nbody" }\n')).toEqual(['8:14 deliver takes one of "subject" and "raw", not both']);
    expect(errorsOf('  - deliver: { from: bob@example.com }\n')).toEqual(['8:14 deliver needs "subject", or a whole message as "file" or "raw"']);
    expect(errorsOf('  - deliver: { raw: "Subject: B\\n\\nbody", body: more }\n')).toEqual(['8:43 "body" cannot be used with "raw": that message is delivered as it is']);
  });

  it('checks attachments: a size or a content, not both', () => {
    expect(errorsOf('  - deliver: { subject: A, attachments: [{ filename: a.pdf, size: 10, content: x }] }\n')[0]).toMatch(/^8:42 .*either "size" .* or "content", not both/);
  });
});

describe('sync a folder, send, reply, copy, set', () => {
  it('checks the device of each', () => {
    expect(
      errorsOf(`  - deliver: { subject: A }
  - sync: { device: laptp, folder: Archive }
  - send: { device: phon, to: bob@example.com, subject: Hi }
  - copy: { device: laptop, message: A, to: Archive }
  - set: { device: lapto, push: true }
`),
    ).toEqual([
      '9:21 unknown device "laptp"; did you mean "laptop"?',
      '10:21 unknown device "phon"; did you mean "phone"?',
      '12:20 unknown device "lapto"; did you mean "laptop"?',
    ]);
  });

  it('set: a setting of the other protocol says so, and how to switch', () => {
    try {
      load('  - set: { device: phone, push: true }\n');
      throw new Error('expected an error');
    } catch (error) {
      const [d] = (error as ScenarioError).diagnostics;
      expect(`${d!.line}:${d!.col} ${d!.message}`).toBe('8:27 unknown key "push" in step 1 (set, line 8)');
      expect(d!.hint).toBe('"push" is a IMAP setting; add "protocol: imap" to this set step to switch the device');
    }
  });

  it('set: a combination that cannot be is reported at the set step', () => {
    expect(errorsOf('  - set: { device: phone, leaveOnServer: false, deleteAfterDays: 3 }\n')).toEqual(['8:66 deleteAfterDays only applies when leaveOnServer is true']);
  });

  it('set: a switch of protocol is resolved per variant, with what carries over', () => {
    const scenario = load('  - set: { device: phone, protocol: imap, push: true }\n');
    const variant = scenario.variants[0]!;
    expect(variant.settingsAfter.get(variant.steps[0]!)).toMatchObject({ protocol: 'imap', push: true, account: 'alice@example.com', folders: ['INBOX'] });
  });
});

describe('offline periods', () => {
  const head = (periods: string) => HEAD.replace('leaveOnServer: true }', `leaveOnServer: true, offline: ${periods} }`);

  it('become instants from the scenario start, "until" counted from "from"', () => {
    const variant = load('  - note: x\n', head('[{ from: "09:30", until: "+2h" }, { from: "Tue 08:00", until: "10:00" }]')).variants[0]!;
    expect(variant.offline.get('phone')).toEqual([
      { from: at('2024-03-04T09:30:00Z'), until: at('2024-03-04T11:30:00Z') },
      { from: at('2024-03-05T08:00:00Z'), until: at('2024-03-05T10:00:00Z') },
    ]);
  });

  it('must end after they begin and not overlap', () => {
    expect(errorsOf('  - note: x\n', head('[{ from: "10:00", until: "09:00" }]'))).toEqual(['6:111 offline period 1 ends before it begins']);
    expect(errorsOf('  - note: x\n', head('[{ from: "09:00", until: "11:00" }, { from: "10:00", until: "12:00" }]'))).toEqual(['6:130 offline period 2 begins before period 1 ends']);
  });
});

describe('per-variant steps and expect: events', () => {
  it('a variant runs its own steps, checked like the others', () => {
    const head = HEAD.replace('steps:\n', `variants:
  short:
    steps:
      - deliver: { subject: Only here }
      - read: { device: laptop, message: Only her }
  long: {}
steps:
`);
    expect(errorsOf('  - deliver: { subject: Base }\n', head)).toEqual(['11:42 no step sends a message with subject or id "Only her"; did you mean "Only here"?']);
  });

  it('a device named in events: downloads must exist', () => {
    expect(errorsOf('  - deliver: { subject: A }\nexpect:\n  events: { downloads: { phon: 1 } }\n')).toEqual(['10:26 expect names unknown device "phon"; did you mean "phone"?']);
  });
});
