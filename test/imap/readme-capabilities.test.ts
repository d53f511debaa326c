import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXTENSIONS } from '../../src/imap/extensions/index.js';
import { featuresOf } from '../../src/imap/features.js';
import { STANDARD_PROFILE } from '../../src/providers/standard.js';
import { ROOT } from '../helpers/cli.js';

/** README's server section names every advertised capability with its RFC, so it cannot drift. */
describe('README lists every IMAP capability', () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('\n### IMAP\n');
  const section = readme.slice(start, readme.indexOf('\n### POP3', start));
  it.each(featuresOf(STANDARD_PROFILE).capabilities)('%s', (capability) => {
    expect(section).toContain(`\`${capability}\``);
    const extension = EXTENSIONS.find((e) => (typeof e.capabilities === 'function' ? e.capabilities(STANDARD_PROFILE) : e.capabilities).includes(capability))!;
    const row = section.split('\n').find((line) => line.startsWith('|') && (line.split('|')[1] ?? '').includes(`\`${capability}\``)) ?? '';
    expect(row).toContain(extension.rfc.startsWith('RFC') ? extension.rfc : 'draft');
  });
});
