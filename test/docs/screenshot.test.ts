import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { htmlHash, SCREENSHOT, SCREENSHOT_HASH } from '../../scripts/screenshot.js';
import { ROOT } from '../helpers/cli.js';
import { htmlReport } from '../helpers/html-report.js';

/**
 * The README's screenshot shows the laptop-phone report as it is now. Pixels differ between
 * machines (fonts), so the check is on what was photographed: the HTML's hash, saved beside the
 * PNG by `npm run screenshot`. If this fails, run it and look at the new picture.
 */
describe('README screenshot', () => {
  it('is of the current laptop-phone report', async () => {
    expect(existsSync(SCREENSHOT)).toBe(true);
    const saved = readFileSync(SCREENSHOT_HASH, 'utf8').split(/\s+/)[0];
    expect(saved, 'the report changed: run `npm run screenshot` and look at docs/images/laptop-phone.png').toBe(htmlHash((await htmlReport('laptop-phone')).html));
  });

  it('is shown in the README', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain(`](${path.relative(ROOT, SCREENSHOT)})`);
  });
});
