import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/loader.js';
import { diagnosticsOf } from '../helpers/scenario.js';

const BASE = `accounts:
  alice@example.com: {}
devices:
  laptop:
    protocol: pop3
  phone:
    protocol: pop3
    leaveOnServer: true
steps:
  - deliver: { subject: Hello }
  - sync: all
`;

function errorsOf(text: string): string[] {
  return diagnosticsOf(text).map((d) => `${d.line}:${d.col} ${d.message}`);
}

describe('parseScenario', () => {
  it('fills in defaults: name from file, start, seed, account, one default variant', () => {
    const scenario = parseScenario(BASE, 'dir/my-story.yaml');
    expect(scenario.name).toBe('my-story');
    expect(scenario.start).toBe(Date.UTC(2024, 2, 4, 9, 0, 0));
    expect(scenario.seed).toBe(1);
    expect(scenario.accounts).toEqual([{ address: 'alice@example.com', password: 'secret', provider: 'standard' }]);
    expect(scenario.variants.map((v) => v.name)).toEqual(['default']);
    const phone = scenario.variants[0]!.devices.get('phone')!;
    expect(phone).toMatchObject({ protocol: 'pop3', account: 'alice@example.com', leaveOnServer: true, headersOnly: false });
    expect(scenario.steps.map((s) => [s.kind, s.line])).toEqual([
      ['deliver', 10],
      ['sync', 11],
    ]);
  });

  it('points at a typo in a device setting and suggests the right key', () => {
    const text = BASE.replace('leaveOnServer: true', 'leaveOnServr: true');
    expect(errorsOf(text)).toEqual(['8:5 unknown key "leaveOnServr" in devices.phone; did you mean "leaveOnServer"?']);
  });

  it('points at a typo in a top-level key', () => {
    // Read as the "steps:" it was meant to be, so there is no "missing steps" on top, and the
    // steps inside are checked in the same pass.
    expect(errorsOf(BASE.replace('steps:', 'stpes:'))).toEqual(['9:1 unknown key "stpes" in the top level; did you mean "steps"?']);
  });

  it('suggests the step kind for an unknown step', () => {
    expect(errorsOf(BASE.replace('- sync: all', '- snyc: all'))).toEqual(['11:5 unknown step "snyc"; did you mean "sync"?']);
  });

  it('rejects a step that names an unknown device, with a suggestion', () => {
    expect(errorsOf(BASE.replace('- sync: all', '- sync: [laptop, phnoe]'))).toEqual(['11:20 unknown device "phnoe"; did you mean "phone"?']);
  });

  it('rejects a subject no deliver step sends, with a suggestion', () => {
    const text = `${BASE}  - read: { device: laptop, message: Helo }\n`;
    expect(errorsOf(text)).toEqual(['12:38 no step sends a message with subject or id "Helo"; did you mean "Hello"?']);
  });

  it('accepts positions and "*" as message selectors, and count-suffixed subjects', () => {
    const text = BASE.replace('{ subject: Hello }', '{ subject: News, count: 2 }') + '  - read: { device: laptop, message: 2 }\n  - flag: { device: laptop, message: "*" }\n  - delete: { device: laptop, message: "News (2)" }\n';
    expect(parseScenario(text, 't.yaml').steps).toHaveLength(5);
  });

  it('explains a bad duration', () => {
    const [error] = errorsOf(`${BASE}  - advance: 10 mins\n`);
    expect(error).toMatch(/^12:14 step 3 \(advance, line 12\): not a duration; write a number and a unit/);
  });

  it('refuses POP3 retention settings without leaveOnServer', () => {
    const text = BASE.replace('  laptop:\n    protocol: pop3\n', '  laptop:\n    protocol: pop3\n    deleteAfterDays: 7\n');
    expect(errorsOf(text)).toEqual(['6:22 deleteAfterDays only applies when leaveOnServer is true']);
  });

  it('requires a protocol and suggests a close one', () => {
    expect(errorsOf(BASE.replace('  laptop:\n    protocol: pop3\n', '  laptop:\n    protocol: pop\n'))).toEqual(['5:15 unknown protocol "pop"; did you mean "pop3"?']);
    expect(errorsOf(BASE.replace('  laptop:\n    protocol: pop3\n', '  laptop: {}\n'))[0]).toBe('4:3 device "laptop" has no protocol');
  });

  it('reports YAML syntax errors with their position', () => {
    const [error] = errorsOf('accounts:\n  alice@example.com: {\nsteps: []\n');
    expect(error).toBe('2:22 this "{" is never closed: end it with "}"');
  });

  it('points at the offending column of a YAML syntax error, without the parser\'s excerpt', () => {
    expect(errorsOf('description: a: b\naccounts: {}\n')).toEqual(['1:14 a second ": " on one line']);
  });

  it('rejects duplicate keys', () => {
    expect(errorsOf(BASE.replace('steps:', 'devices: {}\nsteps:'))[0]).toMatch(/^9:1 YAML: duplicate key "devices"/);
  });

  it('reports every problem at once, in file order', () => {
    const text = BASE.replace('leaveOnServer: true', 'leaveOnServr: true').replace('- sync: all', '- snyc: all');
    expect(errorsOf(text)).toHaveLength(2);
  });

  it('reports schema, reference and expect problems in one pass, sorted by position', () => {
    // The example: a typo'd key, "sync: lapton", a subject no step sends, plus a bad expect entry.
    const text = `${BASE.replace('leaveOnServer: true', 'leaveOnServr: true')}  - sync: lapton
  - read: { device: phone, message: Helo }
expect:
  devices:
    phnoe: { count: 1 }
    laptop: { cuont: 1, contains: [Hello] }
    phone: { contains: [Hallo] }
`;
    expect(errorsOf(text)).toEqual([
      '8:5 unknown key "leaveOnServr" in devices.phone; did you mean "leaveOnServer"?',
      '12:11 unknown device "lapton"; did you mean "laptop"?',
      '13:37 no step sends a message with subject or id "Helo"; did you mean "Hello"?',
      '16:5 expect names unknown device "phnoe"; did you mean "phone"?',
      '17:15 unknown key "cuont" in expect.devices.laptop; did you mean "count"?',
      '18:25 no step sends a message with subject or id "Hallo"; did you mean "Hello"?',
    ]);
  });

  it('reads a misspelt "expec:" as "expect:", so the typos inside it show in the same pass', () => {
    const text = `${BASE}expec:\n  devices:\n    phnoe: { count: 1 }\n    laptop: { cuont: 1 }\n`;
    expect(errorsOf(text)).toEqual([
      '12:1 unknown key "expec" in the top level; did you mean "expect"?',
      '14:5 expect names unknown device "phnoe"; did you mean "phone"?',
      '15:15 unknown key "cuont" in expect.devices.laptop; did you mean "count"?',
    ]);
  });

  it('a device with a wrong setting is still a device: steps naming it get no "unknown device" too', () => {
    const text = `${BASE.replace('leaveOnServer: true', 'leaveOnServer: yes please')}  - read: { device: phone, message: Hello }\n`;
    expect(errorsOf(text)).toEqual(['8:20 devices.phone.leaveOnServer: expected true or false, got "yes please"']);
  });

  it('an IMAP device may sync only folders the account has or a step creates, with did-you-mean', () => {
    const imap = (folders: string): string => BASE.replace('  phone:\n    protocol: pop3\n    leaveOnServer: true\n', `  phone:\n    protocol: imap\n    folders: ${folders}\n`);
    expect(errorsOf(imap('[INBOX, Nonexistent, Archve]'))).toEqual([
      '8:22 device "phone" syncs folder "Nonexistent", which the account does not have and no step creates',
      '8:35 device "phone" syncs folder "Archve", which the account does not have and no step creates; did you mean "Archive"?',
    ]);
    // Folders every account starts with, and one a move step creates, are fine; so is "inbox".
    expect(() => parseScenario(`${imap('[inbox, Archive, Trash, Receipts]')}  - move: { device: phone, message: Hello, to: Receipts }\n`, 'ok.yaml')).not.toThrow();
    const variant = `${BASE.replace('steps:', 'variants:\n  tidy:\n    devices:\n      phone: { protocol: imap, folders: [INBOX, Reciepts] }\nsteps:')}  - move: { device: phone, message: Hello, to: Receipts }\n`;
    expect(errorsOf(variant)).toEqual(['12:49 device "phone" syncs folder "Reciepts", which the account does not have and no step creates; did you mean "Receipts"?']);
  });

  it('applies variant overrides key by key and drops base POP3 keys when the protocol changes', () => {
    const text = `accounts:
  alice@example.com: {}
devices:
  phone: { protocol: pop3, leaveOnServer: true, checkEvery: 10m }
variants:
  keep:
    devices:
      phone: { headersOnly: true }
  plain: {}
steps: []
`;
    const scenario = parseScenario(text, 't.yaml');
    expect(scenario.variants.map((v) => v.name)).toEqual(['keep', 'plain']);
    expect(scenario.variants[0]!.devices.get('phone')).toMatchObject({ leaveOnServer: true, headersOnly: true, checkEvery: '10m' });
    expect(scenario.variants[1]!.devices.get('phone')).toMatchObject({ leaveOnServer: true, headersOnly: false });
  });

  it('locates an error in a variant override inside the variant', () => {
    const text = `accounts:
  alice@example.com: {}
devices:
  phone: { protocol: pop3 }
variants:
  v1:
    devices:
      phone: { leaveOnServer: maybe }
      tablet: { protocol: pop3 }
steps: []
`;
    expect(errorsOf(text)).toEqual([
      '8:31 variants.v1.devices.phone.leaveOnServer: expected true or false, got "maybe"',
      '9:7 variant "v1" overrides unknown device "tablet"',
    ]);
  });

  it('needs an account for each device when there are several accounts', () => {
    const text = BASE.replace('alice@example.com: {}', 'alice@example.com: {}\n  bob@example.com: {}').replace('- deliver: { subject: Hello }', '- deliver: { to: alice@example.com, subject: Hello }');
    const errors = errorsOf(text);
    expect(errors).toContain('5:3 device "laptop" does not say which account it checks');
  });

  it('rejects unknown accounts in devices and deliveries', () => {
    const text = BASE.replace('    protocol: pop3\n  phone', '    protocol: pop3\n    account: alice@exmaple.com\n  phone').replace('{ subject: Hello }', '{ to: bob@example.com, subject: Hello }');
    expect(errorsOf(text)).toEqual([
      '6:14 device "laptop" uses unknown account "alice@exmaple.com"; did you mean "alice@example.com"?',
      '11:20 unknown account "bob@example.com"',
    ]);
  });

  it('rejects a scenario that is not a map', () => {
    expect(errorsOf('- just\n- a list\n')).toEqual(['1:1 a scenario is a YAML map with accounts, devices and steps']);
  });
});
