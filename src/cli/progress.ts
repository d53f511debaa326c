import type { RunProgress } from '../scenario/runner.js';
import type { VariantWork } from '../scenario/workload.js';
import { formatDayTime } from '../sim/time-format.js';
import { groupDigits } from '../text/numbers.js';

/** Quiet for this long: most runs finish first and never show a progress line. */
const SHOW_AFTER_MS = 1000;
/** Redraw at most this often, so the line itself costs nothing noticeable. */
const REDRAW_EVERY_MS = 100;

interface TerminalStream {
  write(text: string): unknown;
  readonly columns?: number;
}

/**
 * A progress line on stderr for runs that take more than about a second: which variant, the
 * virtual time reached and the events done of those estimated. Redrawn in place with \r and
 * erased when the run ends, so nothing of it stays between the report and the prompt. The CLI
 * shows it only when stderr is a terminal and neither --json nor --quiet is given. Wall time is
 * used only to decide when to draw; what is drawn never reaches stdout.
 */
export class ProgressLine {
  private readonly startedAt: number;
  private drawnAt: number | undefined;
  private readonly total: number;

  constructor(
    private readonly stream: TerminalStream,
    private readonly wallClock: () => number,
    private readonly plan: readonly VariantWork[],
    private readonly virtualStart: number,
  ) {
    this.startedAt = wallClock();
    this.total = plan.reduce((n, v) => n + v.ticks * Math.max(1, v.devices), 0);
  }

  update(progress: RunProgress): void {
    const now = this.wallClock();
    if (now - this.startedAt < SHOW_AFTER_MS) return;
    if (this.drawnAt !== undefined && now - this.drawnAt < REDRAW_EVERY_MS) return;
    this.drawnAt = now;
    const index = this.plan.findIndex((v) => v.variant === progress.variant);
    const before = this.plan.slice(0, Math.max(0, index)).reduce((n, v) => n + v.ticks * Math.max(1, v.devices), 0);
    const done = before + progress.ticks * Math.max(1, this.plan[index]?.devices ?? 1);
    const variant = this.plan.length > 1 ? `variant ${progress.variant} (${index + 1} of ${this.plan.length}) · ` : '';
    const time = (ms: number): string => formatDayTime(ms, this.virtualStart);
    const end = this.virtualStart + (this.plan[index]?.span ?? 0);
    const text = `mailsim: ${variant}virtual ${time(progress.virtualTime)} of ${time(end)} · ${groupDigits(Math.min(done, this.total))} of ~${groupDigits(this.total)} events`;
    // Never wider than the terminal: a wrapped line cannot be redrawn with \r.
    const width = this.stream.columns;
    this.stream.write(`\r${width !== undefined && width > 1 ? text.slice(0, width - 1) : text}\x1b[K`);
  }

  /** Erases the line if it was drawn. */
  end(): void {
    if (this.drawnAt !== undefined) this.stream.write('\r\x1b[K');
  }
}
