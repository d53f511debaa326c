/**
 * Cost that grows linearly: the verdict, the latencies, the text report, the --json document,
 * --explain and the HTML report are run on the results of real runs at two sizes, with every
 * array they read wrapped to count element reads.
 * Twice the messages must cost about twice the reads; a scan per message (what made the verdict
 * and the latencies quadratic before) costs four times. Reads are counted, never timed.
 */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/loader.js';
import { measureLatencies, runScenario } from '../../src/scenario/runner.js';
import type { RunResult } from '../../src/scenario/result.js';
import { judgeAccount } from '../../src/scenario/verdict/index.js';
import { makeStyle } from '../../src/report/style.js';
import { renderRun } from '../../src/report/text.js';
import { renderTable } from '../../src/report/table.js';
import { counting, LINEAR } from '../helpers/counting.js';
import { RunRecorder } from '../../src/report/html/recorder.js';
import { renderHtml } from '../../src/report/html/render.js';
import { toJsonDocument } from '../../src/report/json.js';
import { explainMessage, renderExplain } from '../../src/report/explain.js';
import { renderExplainJson } from '../../src/report/explain-json.js';
import { VERSION } from '../../src/version.js';

/** Two devices, one on each protocol, and things done to some messages, so every kind of event is there. */
function scenario(messages: number): string {
  return `accounts:
  alice@example.com: {}
devices:
  laptop: { protocol: pop3, leaveOnServer: true, security: none }
  phone: { protocol: imap, security: none }
  tablet: { protocol: imap, security: none }
steps:
  - deliver: { subject: Bulk, count: ${messages} }
  - sync: all
  - read: { device: phone, message: "Bulk (1)" }
  - delete: { device: tablet, message: "Bulk (2)" }
  - move: { device: phone, message: "Bulk (3)", to: Archive }
  - deliver: { subject: Late, count: ${messages / 2} }
  - sync: [laptop, phone]
`;
}

const runs = new Map<number, RunResult>();
async function run(messages: number): Promise<RunResult> {
  let result = runs.get(messages);
  if (!result) runs.set(messages, (result = await runScenario(parseScenario(scenario(messages), 'linear.yaml'))));
  return result;
}

/** Reads at n and at 2n messages; their ratio. */
async function growth(measure: (result: RunResult, wrap: <T>(value: T) => T) => void, n = 40): Promise<{ small: number; large: number; ratio: number }> {
  const sizes: number[] = [];
  for (const size of [n, 2 * n]) {
    const counter = counting();
    measure(await run(size), counter.wrap);
    sizes.push(counter.reads());
  }
  return { small: sizes[0]!, large: sizes[1]!, ratio: sizes[1]! / sizes[0]! };
}

describe('cost grows linearly with the messages', () => {
  it('the verdict reads each event and each message a bounded number of times', async () => {
    const { small, ratio } = await growth((result, wrap) => {
      const variant = result.variants[0]!;
      judgeAccount(wrap({ account: 'alice@example.com', devices: variant.devices, server: variant.server[0], delivered: variant.delivered, events: variant.events, origin: result.start, endedAt: variant.endedAt }));
    });
    expect(small).toBeGreaterThan(100);
    expect(ratio).toBeLessThan(LINEAR);
  }, 60_000);

  it('delivery-to-visible latencies are one pass over the events', async () => {
    const { ratio } = await growth((result, wrap) => {
      const variant = result.variants[0]!;
      measureLatencies(wrap(variant.delivered), wrap(variant.devices), wrap(variant.events));
    });
    expect(ratio).toBeLessThan(LINEAR);
  }, 60_000);

  it('the text report, tables, matrix and timeline included, with and without --max-rows', async () => {
    for (const maxRows of [0, 10]) {
      const { ratio } = await growth((result, wrap) => void renderRun(wrap(result), { style: makeStyle(false), maxRows }));
      expect(ratio).toBeLessThan(LINEAR);
    }
  }, 60_000);

  it('the --json document and --explain, as text and as JSON', async () => {
    for (const render of [(r: RunResult) => toJsonDocument(r, VERSION), (r: RunResult) => renderExplain(r, 'Bulk (5)', makeStyle(false)), (r: RunResult) => renderExplainJson(r, 'Bulk (5)', VERSION)]) {
      const { small, ratio } = await growth((result, wrap) => void render(wrap(result)));
      expect(small).toBeGreaterThan(100);
      expect(ratio).toBeLessThan(LINEAR);
    }
  }, 60_000);

  it('--explain reads the run once however many checks missed the message', async () => {
    // The laptop downloads and deletes it; every check of the phone after that misses it.
    const polling = (hours: number): string => `accounts:
  alice@example.com: {}
devices:
  laptop: { protocol: pop3, security: none }
  phone: { protocol: pop3, security: none, checkEvery: 10m }
steps:
  - deliver: { subject: Taken, count: 3 }
  - sync: laptop
  - advance: ${hours}h
`;
    const reads: number[] = [];
    for (const hours of [5, 10]) {
      const result = await runScenario(parseScenario(polling(hours), 'polling.yaml'));
      const counter = counting();
      const [story] = explainMessage(counter.wrap(result), 'Taken (1)');
      expect(story!.lines.filter((l) => l.missedCheck).length).toBe(hours * 6);
      reads.push(counter.reads());
    }
    expect(reads[1]! / reads[0]!).toBeLessThan(LINEAR);
  }, 60_000);

  it('the HTML report: its document, the sequence, the state panels and the tables', async () => {
    const reads: number[] = [];
    for (const size of [40, 80]) {
      const recorder = new RunRecorder();
      const result = await runScenario(parseScenario(scenario(size), 'linear.yaml'), recorder.listeners());
      const doc = toJsonDocument(result, VERSION, recorder);
      const counter = counting();
      renderHtml(counter.wrap(doc));
      reads.push(counter.reads());
    }
    expect(reads[0]).toBeGreaterThan(1000);
    expect(reads[1]! / reads[0]!).toBeLessThan(LINEAR);
  }, 60_000);

  it('the table renderer measures each cell a bounded number of times, fitted or not', () => {
    for (const width of [undefined, 60]) {
      const reads = [500, 1000].map((rows) => {
        const counter = counting();
        const body = Array.from({ length: rows }, (_, i) => [String(i + 1), 'INBOX', `Message ${i} about the quarterly report`, 'Bob Smith', '09:00', 'unread']);
        renderTable(makeStyle(false), ['#', 'Folder', 'Subject', 'From', 'Date', 'State'], counter.wrap(body), width === undefined ? {} : { width });
        return counter.reads();
      });
      expect(reads[1]! / reads[0]!).toBeLessThan(LINEAR);
    }
  });
});
