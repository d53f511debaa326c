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
    // The message's own events, once: a check missed it unless one of these says otherwise, and
    // scanning every event of the run for each check made the story cost checks times events.
    const own = variant.events.filter((e) => e.message === message.key);
    const arrival = own.find((e) => e.kind === 'deliver')?.seq ?? 0;
    const lines: StoryLine[] = [];
    for (const event of variant.events) {
      const about = event.message === message.key || (event.subject === subject && event.kind === 'missing');
      const missedCheck =
        !about &&
        event.kind === 'check' &&
        event.device !== undefined &&
        devices.includes(event.device) &&
        event.seq > arrival &&
        !own.some((e) => e.device === event.device && (e.kind === 'download' || e.kind === 'update') && e.at <= event.at) &&
        !own.some((e) => e.device === event.device && e.seq > event.seq && e.detail && e.at === event.at);
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
