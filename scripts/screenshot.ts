/// <reference lib="dom" />
/**
 * `npm run screenshot`: the README's picture of the laptop-phone report. Renders the report as
 * `mailsim run laptop-phone --html` does, opens it in the system Chromium, picks the moment the
 * laptop has checked mail (POP3 took everything) with that check opened, and saves the picture
 * with the SHA-256 of the HTML it shows beside it. test/docs/screenshot.test.ts fails when the
 * report changes and the picture was not made again.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { findChromium, launchChromium } from '../test/helpers/chromium.js';
import { ROOT } from '../test/helpers/cli.js';
import { htmlReport } from '../test/helpers/html-report.js';

export const SCREENSHOT = path.join(ROOT, 'docs/images/laptop-phone.png');
export const SCREENSHOT_HASH = `${SCREENSHOT}.sha256`;

export function htmlHash(html: string): string {
  return createHash('sha256').update(html).digest('hex');
}

async function main(): Promise<void> {
  const chromium = findChromium();
  if (!chromium) throw new Error('no Chromium found: install Debian\'s "chromium" package or set CHROME_PATH');
  const { html } = await htmlReport('laptop-phone');
  const dir = path.join(os.tmpdir(), 'mailsim-screenshot');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'laptop-phone.html');
  writeFileSync(file, html);
  const launched = await launchChromium(chromium);
  try {
    const page = await launched.browser.newPage();
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
    await page.setViewport({ width: 1360, height: 900, deviceScaleFactor: 1 });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    // The moment after "sync laptop", with the laptop's check opened.
    await page.click('#v1 a.moment[data-frame="7"]');
    await page.evaluate(() => {
      const step = document.querySelector('#v1 li.step[data-frame="7"]');
      const group = step?.nextElementSibling?.querySelector('details');
      if (group) group.open = true;
    });
    const layout = await page.$('#v1 .layout');
    if (!layout) throw new Error('the report has no #v1 .layout');
    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await layout.screenshot({ path: SCREENSHOT as `${string}.png` });
    writeFileSync(SCREENSHOT_HASH, `${htmlHash(html)}  laptop-phone report HTML\n`);
    process.stdout.write(`wrote ${path.relative(ROOT, SCREENSHOT)} and ${path.relative(ROOT, SCREENSHOT_HASH)}\n`);
  } finally {
    await launched.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
