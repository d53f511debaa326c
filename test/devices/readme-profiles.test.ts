import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLIENT_PROFILES } from '../../src/devices/profiles/index.js';
import { NEUTRAL_IMAP, NEUTRAL_POP3 } from '../../src/devices/settings.js';
import { ROOT } from '../helpers/cli.js';

/**
 * README's table of client defaults is generated from the profiles, so what the manual claims and
 * what a device does cannot drift. After a profile change: UPDATE_README=1 npx vitest run
 * test/devices/readme-profiles.test.ts, then read the diff.
 */
function profileTable(): string {
  const summaries = ['| client | what a new account does |', '|---|---|', ...Object.values(CLIENT_PROFILES).map((p) => `| \`${p.name}\` | ${p.label}: ${p.summary} |`)];
  const rows = ['', 'Every default, with its source:', '', '| client | protocol | setting | default | source |', '|---|---|---|---|---|'];
  const show = (value: unknown): string => (Array.isArray(value) ? value.join(', ') : String(value));
  for (const profile of Object.values(CLIENT_PROFILES)) {
    for (const [protocol, table, neutral] of [
      ['POP3', profile.pop3, NEUTRAL_POP3],
      ['IMAP', profile.imap, NEUTRAL_IMAP],
    ] as const) {
      for (const [key, entry] of Object.entries(table ?? {})) {
        const fallback = (neutral as Record<string, unknown>)[key];
        const value = 'source' in entry ? `\`${show(entry.value)}\`` : `not documented → ${fallback === undefined ? 'none' : `\`${show(fallback)}\``}`;
        const source = ('source' in entry ? entry.source : `searched: ${entry.notDocumented}`).replaceAll('|', '\\|');
        rows.push(`| \`${profile.name}\` | ${protocol} | \`${key}\` | ${value} | ${source} |`);
      }
    }
  }
  return [...summaries, ...rows].join('\n');
}

describe('README client profile table', () => {
  it('is the one generated from the profiles', () => {
    const file = path.join(ROOT, 'README.md');
    const readme = readFileSync(file, 'utf8');
    const block = /<!-- profiles:begin -->\n[\s\S]*?<!-- profiles:end -->/;
    const expected = `<!-- profiles:begin -->\n${profileTable()}\n<!-- profiles:end -->`;
    if (process.env.UPDATE_README === '1') writeFileSync(file, readme.replace(block, expected));
    expect(readFileSync(file, 'utf8').match(block)?.[0]).toBe(expected);
  });
});
