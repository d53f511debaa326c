import { formatTime } from '../sim/time-format.js';
import type { RunResult } from '../scenario/result.js';
import { describeState } from './convergence.js';
import type { Style } from './style.js';

/** Subjects a run delivered, for --explain's "did you mean". */
export function deliveredSubjects(result: RunResult): string[] {
  return [...new Set(result.variants.flatMap((v) => v.delivered.map((m) => m.subject)))];
}

/**
 * The story of one message, per variant, told from the recorded events: when it arrived, what
 * each device did with it or learned about it, which checks missed it, and where it ended up.
 */
export function renderExplain(result: RunResult, subject: string, style: Style): string {
  const c = style.chalk;
  const out: string[] = [];
  for (const variant of result.variants) {
    const message = variant.delivered.find((m) => m.subject === subject);
    if (!message) continue;
    const time = (ms: number): string => formatTime(ms, result.start).padStart(5);
    const devices = variant.devices.filter((d) => d.account === message.account).map((d) => d.name);
    const width = Math.max(6, ...devices.map((d) => d.length));
    const title = variant.name === 'default' ? `"${subject}"` : `"${subject}" in variant ${variant.name}`;
    out.push(c.bold(title));
    const arrival = variant.events.find((e) => e.kind === 'deliver' && e.message === message.key)?.seq ?? 0;
    for (const event of variant.events) {
      const about = event.message === message.key || (event.subject === subject && event.kind === 'missing');
      // Checks by a device of this account after the message arrived that did not bring it.
      const missedCheck =
        event.kind === 'check' &&
        event.device !== undefined &&
        devices.includes(event.device) &&
        event.seq > arrival &&
        !variant.events.some((e) => e.device === event.device && e.message === message.key && (e.kind === 'download' || e.kind === 'update') && e.at <= event.at) &&
        !variant.events.some((e) => e.device === event.device && e.message === message.key && e.seq > event.seq && e.detail && e.at === event.at);
      if (!about && !missedCheck) continue;
      const text = missedCheck && !about ? `${event.text} ${c.yellow('— not there')}` : event.text;
      out.push(`  ${c.dim(time(event.at))}  ${(event.device ?? '').padEnd(width)}  ${text}`);
    }
    const verdict = variant.verdicts.find((v) => v.account === message.account);
    const row = verdict?.matrix.find((r) => r.key === message.key);
    const where = verdict && row ? [...verdict.devices.map((d) => `${d}: ${describeState(row.devices[d])}`), `server: ${row.server}`].join(' · ') : '';
    out.push(`  ${c.dim('  end')}  ${''.padEnd(width)}  ${where}`, '');
  }
  return out.join('\n');
}
