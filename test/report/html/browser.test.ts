/// <reference lib="dom" />
// Page-side callbacks (page.evaluate, $$eval) run in the browser and use its DOM types.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinNames } from '../../../src/cli/builtins.js';
import type { RunJsonDocument } from '../../../src/report/json.js';
import { findChromium, launchChromium, type LaunchedBrowser } from '../../helpers/chromium.js';
import { ROOT } from '../../helpers/cli.js';
import { htmlReport } from '../../helpers/html-report.js';

/**
 * The HTML report in a real browser (Chromium through puppeteer-core): what a person sees and
 * can do. Pages and screenshots go to test-output/browser/, to be looked at after a change.
 * Without a Chromium these tests are skipped and say so (.ci/run installs one); with
 * MAILSIM_REQUIRE_BROWSER=1 a missing Chromium is a failure instead.
 */
const OUT = path.join(ROOT, 'test-output/browser');
const chromium = findChromium();
const required = process.env.MAILSIM_REQUIRE_BROWSER === '1';
if (!chromium) {
  const message = 'browser tests: no Chromium found (install Debian\'s "chromium" package, or set CHROME_PATH to a Chrome/Chromium binary)';
  if (required) throw new Error(`${message}; MAILSIM_REQUIRE_BROWSER=1 says they must run`);
  console.warn(`${message}; skipping them.`);
}

interface Loaded {
  readonly page: Page;
  readonly doc: RunJsonDocument;
  /** Console errors and warnings, uncaught exceptions, and requests other than the page itself. */
  readonly problems: string[];
  readonly requests: string[];
}

let launched: LaunchedBrowser | undefined;

async function open(name: string, options: { javascript?: boolean; scheme?: 'light' | 'dark'; width?: number } = {}): Promise<Loaded> {
  const { doc, html } = await htmlReport(name);
  const file = path.join(OUT, `${name}.html`);
  writeFileSync(file, html);
  const page = await launched!.browser.newPage();
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warn') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e instanceof Error ? e.message : String(e)}`));
  page.on('request', (r) => requests.push(r.url()));
  await page.setJavaScriptEnabled(options.javascript ?? true);
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: options.scheme ?? 'light' }]);
  await page.setViewport({ width: options.width ?? 1400, height: 1000 });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, doc, problems, requests };
}

const shot = (page: Page, name: string, fullPage = true) => page.screenshot({ path: path.join(OUT, `${name}.png`) as `${string}.png`, fullPage });
const texts = (page: Page, selector: string) => page.$$eval(selector, (els) => els.map((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim()));
const cells = (page: Page, selector: string) => page.$$eval(selector, (rows) => rows.map((r) => Array.from(r.children).map((c) => (c.textContent ?? '').trim()).join(' | ')));
const visible = (page: Page, selector: string) => page.$$eval(selector, (els) => els.filter((e) => (e as HTMLElement).offsetParent !== null).map((e) => e.id));

describe.skipIf(!chromium)('HTML report in Chromium', () => {
  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    launched = await launchChromium(chromium!);
  }, 30_000);
  afterAll(async () => {
    await launched?.close();
  });

  it('laptop-phone: both lifelines, an arrow per command, the state after a clicked step; nothing logged, nothing fetched', async () => {
    const { page, doc, problems, requests } = await open('laptop-phone');
    expect(await texts(page, '#v1 .heads .head b')).toEqual(['SMTP intake', 'server', 'laptop', 'phone']);
    expect(await visible(page, 'section.variant')).toEqual(['v1']);

    // Every exchange the document holds is an arrow with its command, once its check is open.
    await page.click('#v1 button[data-action="expand"]');
    const arrows = await texts(page, '#v1 li.exchange .label code');
    const expected = doc.variants[0]!.exchanges!.map((e) => e.command);
    expect([...arrows].sort()).toEqual([...expected].sort());
    const labels = await texts(page, '#v1 li.exchange .label');
    for (const command of ['RETR 1 → 476 B', 'DELE 1 → marked for deletion', 'QUIT → 3 deleted']) expect(labels.some((l) => l.endsWith(command))).toBe(true);
    expect(await page.$$eval('#v1 li.exchange.effect-change', (els) => els.length)).toBe(1);

    // Pick "sync laptop" on the time axis: the laptop has all three, the phone none, the server is empty.
    await page.click('#v1 a.moment[data-frame="7"]');
    const panel = '#v1 section.state.current';
    expect(await texts(page, `${panel} h4`)).toEqual(['09:00 after: sync laptop']);
    expect(await cells(page, `${panel} tbody tr`)).toEqual([
      'Dinner on Friday? | unread (changed) | missing (changed) | gone (changed)',
      'Slides for Monday | unread (changed) | missing (changed) | gone (changed)',
      'Your statement is ready | unread (changed) | missing (changed) | gone (changed)',
    ]);
    expect(await visible(page, '#v1 section.state')).toEqual(['v1-s7']);
    await shot(page, 'laptop-phone-pop3-after-sync-laptop', false);

    // The arrow keys walk the time axis: the next step is the read.
    await page.keyboard.press('ArrowDown');
    expect(await texts(page, `${panel} h4`)).toEqual(['09:00 after: read "Dinner on Friday?" on laptop']);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-frame'))).toBe('8');

    // The IMAP tab: the phone is pushed each delivery (IDLE) and the laptop's STORE reaches it.
    await page.click('#v2-tab');
    expect(await visible(page, 'section.variant')).toEqual(['v2']);
    await page.click('#v2 button[data-action="expand"]');
    const imap = await texts(page, '#v2 li.exchange .label');
    for (const command of ['UID STORE 1 +FLAGS (\\Seen) → 1 message updated', 'UID MOVE 3 Trash → moved', 'UID FETCH 1:* (UID FLAGS BODY.PEEK[] EMAILID MODSEQ) → 3 messages, 1.4 KB']) {
      expect(imap.some((l) => l.endsWith(command))).toBe(true);
    }
    expect(await texts(page, '#v2 li.exchange.pushed .label code')).toEqual(expect.arrayContaining(['* 1 EXISTS', '* 2 EXISTS', '* 3 EXISTS', '* 1 FETCH (flags)']));
    await page.click('#v2 a.moment[data-frame="8"]');
    expect(await cells(page, '#v2 section.state.current tbody tr:first-child')).toEqual(['Dinner on Friday? | read (changed) | read (changed) | INBOX \\Seen (changed)']);

    // Wire lines on demand.
    expect(await visible(page, '#v2 pre.wire')).toHaveLength(0);
    await page.click('#v2 .trace-toggle');
    expect((await visible(page, '#v2 pre.wire')).length).toBe(doc.variants[1]!.exchanges!.length);

    expect(problems).toEqual([]);
    expect(requests).toEqual([page.url().replace(/#.*$/, '')]);
    await page.close();
  });

  it('works without JavaScript: every variant shows, checks open, a step link shows its state', async () => {
    const { page, problems } = await open('laptop-phone', { javascript: false });
    expect(await visible(page, 'section.variant')).toEqual(['v1', 'v2']);
    expect(await visible(page, '#v1 section.state')).toEqual(['v1-s15']);
    await page.click('#v1 li.group summary');
    expect((await visible(page, '#v1 li.group details[open] li.exchange')).length).toBeGreaterThan(0);
    await page.click('#v1 a.moment[data-frame="7"]');
    expect(page.url()).toMatch(/#v1-s7$/);
    expect(await visible(page, '#v1 section.state')).toEqual(['v1-s7']);
    await page.click('#v1 .trace-toggle');
    expect((await visible(page, '#v1 pre.wire')).length).toBeGreaterThan(0);
    await shot(page, 'laptop-phone-no-javascript');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('keeps text readable: at least 4.5:1 contrast in light and dark, and prints every variant', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const { page } = await open('laptop-phone', { scheme });
      await page.click('#v1 button[data-action="expand"]');
      const low = await page.evaluate(contrastProblems);
      expect(low, `${scheme}: text below 4.5:1`).toEqual([]);
      await shot(page, `laptop-phone-${scheme}`);
      if (scheme === 'light') {
        await page.emulateMediaType('print');
        expect(await visible(page, 'section.variant')).toEqual(['v1', 'v2']);
        expect(await visible(page, 'nav.tabs, .toolbar')).toEqual([]);
      }
      await page.close();
    }
  });

  for (const name of builtinNames()) {
    it(`${name}: renders without errors or requests, a lifeline per device, every step on the time axis`, async () => {
      const { page, doc, problems, requests } = await open(name);
      for (const [i, variant] of doc.variants.entries()) {
        const id = `v${i + 1}`;
        if (doc.variants.length > 1) await page.click(`#${id}-tab`);
        const heads = await texts(page, `#${id} .heads .head b`);
        expect(heads).toEqual(expect.arrayContaining(['server', ...variant.devices.map((d) => d.name)]));
        const moments = await page.$$eval(`#${id} a.moment`, (els) => els.length);
        expect(moments).toBe(variant.frames!.length);
        await page.click(`#${id} a.moment[data-frame="${variant.frames!.length - 1}"]`);
        expect(await visible(page, `#${id} section.state`)).toEqual([`${id}-s${variant.frames!.length - 1}`]);
        await page.click(`#${id} button[data-action="expand"]`);
        // Routine checks repeated for days are drawn once ("and 22 more like it"): every kind of command shows.
        const verb = (command: string) => command.split(' ').slice(0, command.startsWith('UID ') ? 2 : 1).join(' ');
        const shown = new Set((await texts(page, `#${id} li.exchange .label code`)).map(verb));
        for (const exchange of variant.exchanges!.filter((e) => e.from === 'client')) expect(shown.has(verb(exchange.command)), `${variant.name}: ${exchange.device} ${exchange.command}`).toBe(true);
        await shot(page, `${name}${doc.variants.length > 1 ? `-${variant.name}` : ''}`);
      }
      expect(problems).toEqual([]);
      expect(requests).toEqual([page.url().replace(/#.*$/, '')]);
      await page.close();
      // pop3-modern-defaults: 2,000 POP3 sessions, each over TLS, before the page can be drawn.
    }, 60_000);
  }
});

/**
 * Runs in the page: every element with its own text whose colour is below 4.5:1 (WCAG 2 AA for
 * normal text) against the first opaque background behind it. Self-contained: puppeteer sends
 * its source.
 */
function contrastProblems(): string[] {
  // Computed colours come as rgb()/rgba() or, from color-mix(), as color(srgb r g b / a) in 0..1.
  const parse = (c: string): [number, number, number, number] => {
    const n = (c.match(/[\d.]+/g) ?? []).map(Number);
    const scale = c.startsWith('color(') ? 255 : 1;
    return [n[0]! * scale, n[1]! * scale, n[2]! * scale, n[3] ?? 1];
  };
  const luminance = ([r, g, b]: number[]): number => {
    const f = (v: number) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
  };
  /** The backgrounds behind an element, composited from the first opaque one up. */
  const background = (el: Element): number[] => {
    const layers: [number, number, number, number][] = [];
    for (let e: Element | null = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    let rgb = [255, 255, 255];
    if (layers.length === 0 || layers[layers.length - 1]![3] < 1) rgb = parse(getComputedStyle(document.documentElement).backgroundColor).slice(0, 3);
    for (const [r, g, b, a] of layers.reverse()) rgb = [r * a + rgb[0]! * (1 - a), g * a + rgb[1]! * (1 - a), b * a + rgb[2]! * (1 - a)];
    return rgb;
  };
  const out: string[] = [];
  for (const el of Array.from(document.querySelectorAll('body *'))) {
    const own = Array.from(el.childNodes).some((n) => n.nodeType === 3 && (n.textContent ?? '').trim() !== '');
    if (!own || (el as HTMLElement).offsetParent === null || el.closest('.sr')) continue;
    let faded = false;
    for (let e: Element | null = el; e; e = e.parentElement) if (Number(getComputedStyle(e).opacity) < 1) faded = true;
    if (faded) continue;
    const [a, b] = [luminance(parse(getComputedStyle(el).color)), luminance(background(el))];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < 4.5) out.push(`${el.tagName.toLowerCase()}.${(el as HTMLElement).className} "${(el.textContent ?? '').trim().slice(0, 30)}" ${ratio.toFixed(2)}`);
  }
  return out;
}
