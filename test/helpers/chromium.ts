import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';

/**
 * The system's Chromium for browser tests and the README screenshot. puppeteer-core never
 * downloads a browser; we point it at one: $CHROME_PATH, else the usual install paths
 * (Debian's `chromium` package first, which .ci/run installs).
 */
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome-stable', '/usr/bin/google-chrome', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'];

export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const chosen = env.CHROME_PATH;
  if (chosen) return existsSync(chosen) ? chosen : undefined;
  return CANDIDATES.find((candidate) => existsSync(candidate));
}

export interface LaunchedBrowser {
  readonly browser: Browser;
  close(): Promise<void>;
}

/**
 * Headless, with a fresh profile that is deleted afterwards, and with every background service
 * that could reach the network switched off: a test must see only the requests the page makes.
 */
export async function launchChromium(executablePath: string): Promise<LaunchedBrowser> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'mailsim-chromium-'));
  const browser = await puppeteer.launch({
    executablePath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${profile}`,
    ],
  });
  return {
    browser,
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
