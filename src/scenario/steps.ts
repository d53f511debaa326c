import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { CLOCK_TIME_HINT, parseClockTime, resolveClockTime } from '../sim/clock-time.js';
import { parseDuration } from '../sim/duration.js';
import { formatDateTime } from '../sim/time-format.js';
import type { Diagnostic } from './diagnostics.js';
import { validateAt } from './issues.js';
import { MAX_MESSAGE_FILE_OCTETS, STEP_KINDS, STEP_SCHEMAS, type Step, type StepKind } from './schema.js';
import type { Path, ScenarioSource } from './source.js';
import { withSuggestion } from './suggest.js';

export interface StepContext {
  readonly source: ScenarioSource;
  /** Virtual start time: clock times are resolved from it. */
  readonly start: number;
  /** Directory `deliver: { file }` paths are relative to. */
  readonly directory: string;
  readonly out: Diagnostic[];
}

const KIND_LIST = `step kinds: ${STEP_KINDS.join(', ')}`;

/**
 * Parses a list of steps (the scenario's, or a variant's) found at `base`: each step's kind and
 * arguments, its `at:` resolved to an instant by walking the clock as the steps move it (only
 * `advance` and `at` do), and the messages `deliver: { file | raw }` names read in. A time that
 * lies before the clock is reported at its line.
 */
export function parseSteps(raw: readonly unknown[], base: Path, context: StepContext): Step[] {
  const steps: Step[] = [];
  let clock = context.start;
  raw.forEach((item, index) => {
    const step = parseStep(item, [...base, index], context);
    if (!step) return;
    if (step.at !== undefined) {
      if (step.at < clock) {
        context.out.push(
          context.source.diagnostic(
            [...base, index, 'at'],
            `this step's time (${formatDateTime(step.at)}) is before the clock (${formatDateTime(clock)}) after the steps above`,
            'time only moves forward; for a later day write the day, e.g. "Tue 09:10"',
          ),
        );
        return;
      }
      clock = step.at;
    }
    if (step.kind === 'advance') clock += parseDuration(step.args);
    steps.push(step);
  });
  return steps;

  function parseStep(value: unknown, at: Path, ctx: StepContext): Step | undefined {
    const { source, out } = ctx;
    const line = source.valueAt(at).line;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      out.push(source.diagnostic(at, 'a step is a map with one key, the step kind, e.g. "sync: laptop"', KIND_LIST));
      return undefined;
    }
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).filter((k) => k !== 'at');
    let when: number | undefined;
    if ('at' in record) {
      const text = record.at;
      const parsed = typeof text === 'string' ? parseClockTime(text) : undefined;
      if (!parsed) {
        out.push(source.diagnostic([...at, 'at'], `"at" is not a clock time: ${JSON.stringify(text)}`, CLOCK_TIME_HINT));
        return undefined;
      }
      when = resolveClockTime(parsed, clock);
      if (keys.length === 0) return { kind: 'wait', args: undefined, line, path: at, at: when };
    }
    if (keys.length !== 1) {
      out.push(
        source.diagnostic(
          at,
          `a step has exactly one kind, found ${keys.length === 0 ? 'none' : keys.map((k) => `"${k}"`).join(', ')}`,
          'start each step with "- " and put its settings under the kind, e.g. "- read: { device: phone, message: 1 }"; "at:" may stand beside it',
        ),
      );
      return undefined;
    }
    const kind = keys[0]!;
    if (!(STEP_KINDS as string[]).includes(kind)) {
      out.push(source.diagnostic([...at, kind], withSuggestion(`unknown step "${kind}"`, kind, [...STEP_KINDS, 'at']), KIND_LIST, 'key'));
      return undefined;
    }
    const args = validateAt(source, STEP_SCHEMAS[kind as StepKind], record[kind], [...at, kind], out);
    if (args === undefined) return undefined;
    const step = { kind, args, line, path: at, ...(when === undefined ? {} : { at: when }) } as Step;
    if (step.kind === 'deliver') return loadDelivery(step, [...at, kind], ctx);
    return step;
  }
}

/** Checks which of subject, file and raw a deliver step gives, and reads the message it names. */
function loadDelivery(step: Extract<Step, { kind: 'deliver' }>, at: Path, context: StepContext): Step | undefined {
  const { source, out } = context;
  const { args } = step;
  const given = (['subject', 'file', 'raw'] as const).filter((k) => args[k] !== undefined);
  if (given.length !== 1) {
    out.push(
      source.diagnostic(at, given.length === 0 ? 'deliver needs "subject", or a whole message as "file" or "raw"' : `deliver takes one of ${given.map((k) => `"${k}"`).join(' and ')}, not both`, 'e.g. deliver: { subject: Hello } or deliver: { file: invoice.eml }'),
    );
    return undefined;
  }
  if (args.subject !== undefined) return step;
  const composing = (['from', 'body', 'html', 'cc', 'attachments', 'count'] as const).filter((k) => args[k] !== undefined);
  if (composing.length > 0) {
    out.push(source.diagnostic([...at, composing[0]!], `"${composing[0]}" cannot be used with "${given[0]}": that message is delivered as it is`, 'write it into the message itself, or use subject/body instead', 'key'));
    return undefined;
  }
  let loaded: Buffer;
  if (args.raw !== undefined) {
    loaded = Buffer.from(args.raw.replace(/\r?\n/g, '\r\n'), 'utf8');
  } else {
    const file = path.resolve(context.directory, args.file!);
    try {
      const size = statSync(file).size;
      if (size > MAX_MESSAGE_FILE_OCTETS) {
        out.push(source.diagnostic([...at, 'file'], `${args.file} is ${size} bytes; a delivered file may have at most ${MAX_MESSAGE_FILE_OCTETS}`, 'use a smaller message, or attachments: [{ filename, size }] to generate a large one'));
        return undefined;
      }
      loaded = readFileSync(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
      out.push(source.diagnostic([...at, 'file'], `cannot read ${args.file}: ${why}`, `paths are relative to the scenario's folder (${context.directory})`));
      return undefined;
    }
  }
  return { ...step, args: { ...args, loaded } } as Step;
}
