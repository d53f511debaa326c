import { z } from 'zod';
import type { RunEvent } from '../devices/events.js';
import { formatTime } from '../sim/time-format.js';
import type { DeliveredMessage, RunResult } from '../scenario/result.js';
import { describeState } from './convergence.js';
import { wrap, type Style } from './style.js';

/** Subjects a run delivered, for --explain's "did you mean". */
export function deliveredSubjects(result: RunResult): string[] {
  return [...new Set(result.variants.flatMap((v) => v.delivered.map((m) => m.subject)))];
}

/** One line of a message's story: an event about it, or a check that did not bring it. */
export interface StoryLine {
  readonly event: RunEvent;
  /** A check by a device of the message's account, after it arrived, that did not bring it. */
  readonly missedCheck: boolean;
}

/** The story of one message in one variant: its events and where it ended up. */
export interface MessageStory {
  readonly variant: string;
  readonly message: DeliveredMessage;
  readonly lines: readonly StoryLine[];
  /** Each device of the account, and how the message stands there at the end. */
  readonly end: readonly { readonly device: string; readonly state: string }[];
  readonly server: string | undefined;
}

/**
 * The story of one message, per variant, from the recorded events: when it arrived, what each
 * device did with it or learned about it, which checks missed it, and where it ended up.
 */
export function explainMessage(result: RunResult, subject: string): MessageStory[] {
  const stories: MessageStory[] = [];
  for (const variant of result.variants) {
    const message = variant.delivered.find((m) => m.subject === subject);
    if (!message) continue;
    const devices = variant.devices.filter((d) => d.account === message.account).map((d) => d.name);
    const arrival = variant.events.find((e) => e.kind === 'deliver' && e.message === message.key)?.seq ?? 0;
    const lines: StoryLine[] = [];
    for (const event of variant.events) {
      const about = event.message === message.key || (event.subject === subject && event.kind === 'missing');
      const missedCheck =
        !about &&
        event.kind === 'check' &&
        event.device !== undefined &&
        devices.includes(event.device) &&
        event.seq > arrival &&
        !variant.events.some((e) => e.device === event.device && e.message === message.key && (e.kind === 'download' || e.kind === 'update') && e.at <= event.at) &&
        !variant.events.some((e) => e.device === event.device && e.message === message.key && e.seq > event.seq && e.detail && e.at === event.at);
      if (about || missedCheck) lines.push({ event, missedCheck });
    }
    const verdict = variant.verdicts.find((v) => v.account === message.account);
    const row = verdict?.matrix.find((r) => r.key === message.key);
    stories.push({
      variant: variant.name,
      message,
      lines,
      end: verdict && row ? verdict.devices.map((device) => ({ device, state: describeState(row.devices[device]) })) : [],
      server: row?.server,
    });
  }
  return stories;
}

export function renderExplain(result: RunResult, subject: string, style: Style): string {
  const c = style.chalk;
  const out: string[] = [];
  for (const story of explainMessage(result, subject)) {
    const variant = result.variants.find((v) => v.name === story.variant)!;
    const time = (ms: number): string => formatTime(ms, result.start).padStart(5);
    const devices = variant.devices.filter((d) => d.account === story.message.account).map((d) => d.name);
    const width = Math.max(6, ...devices.map((d) => d.length));
    out.push(wrap(style, c.bold(story.variant === 'default' ? `"${subject}"` : `"${subject}" in variant ${story.variant}`)));
    for (const { event, missedCheck } of story.lines) {
      const text = missedCheck ? `${event.text} ${c.yellow('— not there')}` : event.text;
      out.push(wrap(style, text, `  ${c.dim(time(event.at))}  ${(event.device ?? '').padEnd(width)}  `));
    }
    const where = story.end.length > 0 ? [...story.end.map((e) => `${e.device}: ${e.state}`), `server: ${story.server ?? ''}`].join(' · ') : '';
    out.push(wrap(style, where, `  ${c.dim('  end')}  ${''.padEnd(width)}  `).trimEnd(), '');
  }
  return out.join('\n');
}

const Iso = z.string().describe('ISO 8601 UTC time, virtual');

/**
 * The `--json --explain <subject>` document. Like the run document's schema, this is its
 * documentation and a test parses real output through it. Add fields freely; renaming or
 * removing one is a breaking change (bump `format`).
 */
export const ExplainJson = z.strictObject({
  format: z.literal(1),
  kind: z.literal('explain'),
  mailsim: z.string().describe('mailsim version'),
  scenario: z.strictObject({ name: z.string(), file: z.string() }),
  seed: z.number().int(),
  subject: z.string(),
  variants: z.array(
    z.strictObject({
      name: z.string(),
      message: z.strictObject({ key: z.string().describe('Message-ID'), account: z.string(), deliveredAt: Iso }),
      events: z.array(
        z.strictObject({
          at: Iso,
          kind: z.string(),
          device: z.string().nullable(),
          text: z.string(),
          missedCheck: z.boolean().describe('a check after the message arrived that did not bring it'),
        }),
      ),
      end: z.strictObject({
        devices: z.array(z.strictObject({ device: z.string(), state: z.string() })),
        server: z.string().nullable().describe('where the server holds it and its flags, or "gone"'),
      }),
    }),
  ),
});

export type ExplainJsonDocument = z.infer<typeof ExplainJson>;

export function renderExplainJson(result: RunResult, subject: string, version: string): string {
  const iso = (ms: number): string => new Date(ms).toISOString();
  const doc: ExplainJsonDocument = {
    format: 1,
    kind: 'explain',
    mailsim: version,
    scenario: { name: result.scenario.name, file: result.scenario.file },
    seed: result.seed,
    subject,
    variants: explainMessage(result, subject).map((story) => ({
      name: story.variant,
      message: { key: story.message.key, account: story.message.account, deliveredAt: iso(story.message.deliveredAt) },
      events: story.lines.map(({ event, missedCheck }) => ({ at: iso(event.at), kind: event.kind, device: event.device ?? null, text: event.text, missedCheck })),
      end: { devices: [...story.end], server: story.server ?? null },
    })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
