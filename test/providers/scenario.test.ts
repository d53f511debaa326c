import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../src/scenario/diagnostics.js';
import { parseScenario } from '../../src/scenario/loader.js';

function problems(text: string): string[] {
  try {
    parseScenario(text, 'test.yaml');
  } catch (error) {
    if (error instanceof ScenarioError) return error.diagnostics.map((d) => `${d.line}:${d.col} ${d.message}`);
    throw error;
  }
  return [];
}

describe('provider: in a scenario', () => {
  it('reads provider and Gmail settings, standard by default', () => {
    const scenario = parseScenario(
      ['accounts:', '  alice@gmail.com: { provider: gmail, gmail: { disposition: archive, autoExpunge: false } }', '  bob@example.com: {}', 'devices:', '  phone: { account: alice@gmail.com, protocol: pop3, recentMode: true }', 'steps:', '  - sync: phone', ''].join('\n'),
      'test.yaml',
    );
    expect(scenario.accounts).toEqual([
      { address: 'alice@gmail.com', password: 'secret', provider: 'gmail', gmail: { disposition: 'archive', autoExpunge: false } },
      { address: 'bob@example.com', password: 'secret', provider: 'standard' },
    ]);
    expect(scenario.variants[0]!.devices.get('phone')).toMatchObject({ protocol: 'pop3', recentMode: true });
  });

  it('points at a misspelt provider or setting with a suggestion, and at Gmail settings on another provider', () => {
    expect(
      problems(
        ['accounts:', '  alice@gmail.com: { provider: gmial }', '  bob@example.com:', '    gmail: { disposition: archive }', '  carol@gmail.com: { provider: gmail, gmail: { disposition: archiv, autoExpunge: true, expungeBehaviour: trash } }', 'devices:', '  phone: { account: bob@example.com, protocol: pop3 }', 'steps:', '  - sync: phone', ''].join('\n'),
      ),
    ).toEqual([
      '2:32 accounts.alice@gmail.com.provider: expected one of "standard", "gmail", "outlook", got "gmial"; did you mean "gmail"?',
      '4:12 accounts.bob@example.com.gmail: "gmail:" settings need "provider: gmail" (this account is standard)',
      expect.stringMatching(/^5:61 accounts\.carol@gmail\.com\.gmail\.disposition: expected one of .*got "archiv"; did you mean "archive"\?$/),
      expect.stringMatching(/^5:\d+ unknown key "expungeBehaviour" .*did you mean "expungeBehavior"\?/),
    ]);
  });

  it('refuses recentMode on an account that is not Gmail, where the user wrote it', () => {
    expect(problems(['accounts:', '  bob@example.com: {}', 'devices:', '  phone: { protocol: pop3, recentMode: true }', 'steps:', '  - sync: phone', ''].join('\n'))).toEqual([
      '4:40 recentMode is Gmail\'s ("recent:" before the user name), and bob@example.com is on provider standard',
    ]);
  });
});
