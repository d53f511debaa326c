import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../src/scenario/loader.js';
import { ROOT } from './helpers/cli.js';

/** The README is the user's manual: every scenario it shows must be one mailsim accepts. */
describe('README', () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const examples = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);

  it('shows scenario examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(2);
  });

  examples.forEach((text, i) => {
    it(`scenario example ${i + 1} validates`, () => {
      expect(() => parseScenario(text, `README example ${i + 1}`)).not.toThrow();
    });
  });
});
