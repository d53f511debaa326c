import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEmbeddedDocument, renderHtml } from '../../../src/report/html/render.js';
import type { RunJsonDocument } from '../../../src/report/json.js';
import { ROOT } from '../../helpers/cli.js';
import { htmlReport } from '../../helpers/html-report.js';

/**
 * The HTML report, without a browser: bytes, self-containment, one source of truth, and how it
 * takes documents it does not fully know yet. The browser test (browser.test.ts) checks what a
 * person sees. After an intended change: UPDATE_GOLDEN=1, then look at the page before committing.
 */
const GOLDEN = path.join(ROOT, 'test/golden/laptop-phone.html');
const update = process.env.UPDATE_GOLDEN === '1';

const documentOf = async (name: string): Promise<RunJsonDocument> => (await htmlReport(name)).doc;

describe('HTML report', () => {
  it('laptop-phone renders byte for byte as its reviewed golden page', async () => {
    const html = renderHtml(await documentOf('laptop-phone'));
    if (update) writeFileSync(GOLDEN, html);
    expect(existsSync(GOLDEN), 'no golden page: run with UPDATE_GOLDEN=1 and review it in a browser').toBe(true);
    expect(html).toBe(readFileSync(GOLDEN, 'utf8'));
  });

  it('is made from the JSON document it embeds, and from nothing else', async () => {
    const doc = await documentOf('laptop-phone');
    const html = renderHtml(doc);
    const embedded = readEmbeddedDocument(html);
    expect(embedded).toEqual(doc);
    expect(renderHtml(embedded)).toBe(html);
    expect(embedded.variants.every((v) => v.frames!.length === 16 && v.exchanges!.length > 0)).toBe(true);
  });

  it('asks for nothing over the network: no external scripts, styles, fonts or images', async () => {
    const html = renderHtml(await documentOf('imap-folders'));
    expect(html).not.toMatch(/<(link|img|iframe|object|embed|video|audio|source)\b/i);
    // Every attribute that could fetch: none points anywhere but into the page.
    const references = [...html.matchAll(/(?<![\w-])(src|href|action|poster|srcset)="([^"]*)"/g)].map((m) => m[2]!);
    expect(references.filter((r) => !r.startsWith('#'))).toEqual([]);
    const css = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    expect(css).not.toMatch(/url\(|@import|@font-face/);
    expect(html.match(/<script\b/g)).toHaveLength(2);
    expect(html.match(/<script type="application\/json"/g)).toHaveLength(1);
  });

  it('escapes what scenarios say, in the markup and inside the embedded JSON', async () => {
    const doc = await documentOf('laptop-phone');
    const evil = '</script><img src=x onerror=alert(1)> & "quotes"';
    doc.variants[0]!.verdicts[0]!.reasons.push(evil);
    doc.variants[0]!.events[1] = { ...doc.variants[0]!.events[1]!, subject: evil };
    const html = renderHtml(doc);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot;');
    expect(readEmbeddedDocument(html).variants[0]!.verdicts[0]!.reasons.at(-1)).toBe(evil);
  });

  it('--explain marks the rows about that message and opens its checks', async () => {
    const html = renderHtml(await documentOf('laptop-phone'), { explain: 'Your statement is ready' });
    expect(html).toContain('<main id="main" class="explaining">');
    const highlighted = [...html.matchAll(/<li class="([^"]*\bhl\b[^"]*)"/g)].map((m) => m[1]!);
    // Its delivery in both variants, the POP3 laptop's check, the IMAP phone's push, the phone's delete…
    expect(highlighted.filter((c) => c.startsWith('row deliver'))).toHaveLength(2);
    expect(highlighted.filter((c) => c.startsWith('row group')).length).toBeGreaterThanOrEqual(4);
    expect(html).toMatch(/<li class="row group[^"]*\bhl\b[^"]*"><details open>/);
    expect(renderHtml(await documentOf('laptop-phone'))).not.toContain('class="explaining"');
  });

  it('draws a kind, a matrix label or a settings object it does not know yet, in its own words', async () => {
    const doc = await documentOf('laptop-phone');
    const variant = doc.variants[0]!;
    const verdict = variant.verdicts[0]!;
    // What the next format brings: more verdict kinds, labels such as "hidden: Archive", settings objects.
    (verdict as { kind: string }).kind = 'hidden';
    (verdict.findings as { kind: string; text: string }[]).push({ ...verdict.findings[0]!, kind: 'notyetknown', text: 'a finding of a kind to come' });
    verdict.matrix[0]!.devices.phone = { label: 'hidden: Archive', present: false, finding: 'hidden' };
    (variant.devices[0] as { settings: unknown }).settings = { client: 'thunderbird', summary: 'POP3, leave on server: off' };
    (variant.verdicts as unknown[]).push({ ...verdict, account: 'bob@example.com', kind: 'somethingnew' });
    const html = renderHtml(doc);
    expect(html).toContain('<span class="badge tone-warn" data-kind="hidden">hidden</span>');
    expect(html).toContain('<td class="tone-warn">hidden: Archive</td>');
    expect(html).toContain('thunderbird: POP3, leave on server: off');
    expect(html).toContain('<span class="badge tone-plain" data-kind="somethingnew">somethingnew</span>');
    expect(html).toContain('<span class="badge small tone-plain">notyetknown</span> a finding of a kind to come');
  });

  it('still renders a document written without --html (no frames, no exchanges)', async () => {
    const doc = await documentOf('laptop-phone');
    for (const v of doc.variants) {
      delete v.frames;
      delete v.exchanges;
    }
    const html = renderHtml(doc);
    expect(html).toContain('No frames in this document');
    expect(html).toContain('DATA "Dinner on Friday?"');
    expect(html).toContain('read &quot;Dinner on Friday?&quot; (on this device only: POP3 has no flags)');
  });
});
