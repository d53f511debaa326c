import type { Check, CheckTarget } from './checks.js';
import type { ExpectationResult, VariantResult } from './result.js';
import { judgeAccount } from './verdict/index.js';

/** A message as the checks see it, on a device or on the server. */
interface Seen {
  readonly key: string;
  readonly subject: string;
  readonly read: boolean;
  readonly flagged: boolean;
  readonly deleted: boolean;
}

/** Evaluates every check (never stopping at the first failure) against a variant's final state. */
export function evaluateChecks(checks: readonly Check[], result: Omit<VariantResult, 'expectations'>, origin: number): ExpectationResult[] {
  return checks.map((check) => {
    switch (check.kind) {
      case 'converged':
        return convergence(check, result, origin);
      case 'verdict':
        return verdictCheck(check, result);
      case 'events':
        return eventsCheck(check, result);
      default:
        return folderCheck(check, result);
    }
  });
}

const EVENT_WORDS = { conflicts: 'conflict', errors: 'error', downloads: 'download', downloadedBytes: 'downloaded byte' } as const;

/** Checks on what happened: conflicts and errors of the whole run, downloads and bytes per device. */
function eventsCheck(check: Extract<Check, { kind: 'events' }>, result: Omit<VariantResult, 'expectations'>): ExpectationResult {
  const base = { target: check.device === undefined ? 'events' : `${check.device} events`, line: check.line };
  let actual: number;
  switch (check.what) {
    case 'conflicts':
      actual = result.events.filter((e) => e.kind === 'conflict').length;
      break;
    case 'errors':
      actual = result.events.filter((e) => e.kind === 'error').length;
      break;
    case 'downloads':
      actual = result.events.filter((e) => e.kind === 'download' && e.device === check.device).length;
      break;
    case 'downloadedBytes':
      actual = result.devices.find((d) => d.name === check.device)?.downloadedBytes ?? 0;
      break;
  }
  const { min, max } = check.expected;
  const passed = (min === undefined || actual >= min) && (max === undefined || actual <= max);
  const expected = min === max ? String(min) : min === undefined ? `at most ${max}` : max === undefined ? `at least ${min}` : `${min} to ${max}`;
  const who = check.device === undefined ? 'the run has' : `${check.device} has`;
  return { ...base, name: `${who} ${expected} ${EVENT_WORDS[check.what]}${min === 1 && max === 1 ? '' : 's'}`, passed, expected, actual: String(actual) };
}

function verdictCheck(check: Extract<Check, { kind: 'verdict' }>, result: Omit<VariantResult, 'expectations'>): ExpectationResult {
  const kinds = result.verdicts.map((v) => v.kind);
  const passed = kinds.length > 0 && kinds.every((k) => k === check.expected);
  const actual = result.verdicts.map((v) => v.summary).join('; ') || 'no account has a device';
  return { target: 'verdict', line: check.line, name: `the verdict of each account is ${check.expected}`, passed, expected: check.expected, actual };
}

function folderCheck(check: Exclude<Check, { kind: 'converged' | 'verdict' | 'events' }>, result: Omit<VariantResult, 'expectations'>): ExpectationResult {
  const where = describeTarget(check.target);
  const messages = lookup(check.target, result);
  // A name in a check is a subject, or a message id the steps gave (then only that message).
  const named = (name: string) => (m: Seen): boolean => (result.ids[name] !== undefined ? m.key === result.ids[name] : m.subject === name);
  const base = { target: where, line: check.line };
  if (!messages) {
    return { ...base, name: `${where}: ${check.kind}`, passed: false, expected: 'the folder to exist', actual: 'no such folder' };
  }
  const subjects = messages.map((m) => m.subject);
  switch (check.kind) {
    case 'count':
      return verdict(base, `${where} holds ${check.expected} ${check.expected === 1 ? 'message' : 'messages'}`, check.expected, messages.length);
    case 'unread':
      return verdict(base, `${where} has ${check.expected} unread`, check.expected, messages.filter((m) => !m.read).length);
    case 'flagged':
      return verdict(base, `${where} has ${check.expected} flagged`, check.expected, messages.filter((m) => m.flagged).length);
    case 'subjects': {
      const passed = sameList(subjects, check.expected);
      return { ...base, name: `${where} subjects are ${quoteList(check.expected)} in order`, passed, expected: quoteList(check.expected), actual: quoteList(subjects), ...diff(check.expected, subjects, passed) };
    }
    case 'subjectsAnyOrder': {
      const passed = sameList([...subjects].sort(), [...check.expected].sort());
      return { ...base, name: `${where} subjects are ${quoteList(check.expected)} in any order`, passed, expected: quoteList(check.expected), actual: quoteList(subjects), ...diff(check.expected, subjects, passed) };
    }
    case 'contains': {
      const missing = check.expected.filter((name) => !messages.some(named(name)));
      return { ...base, name: `${where} contains ${quoteList(check.expected)}`, passed: missing.length === 0, expected: quoteList(check.expected), actual: quoteList(subjects), ...(missing.length ? { detail: `missing: ${quoteList(missing)}` } : {}) };
    }
    case 'absent': {
      const present = check.expected.filter((name) => messages.some(named(name)));
      return { ...base, name: `${where} does not contain ${quoteList(check.expected)}`, passed: present.length === 0, expected: `none of ${quoteList(check.expected)}`, actual: quoteList(subjects), ...(present.length ? { detail: `present: ${quoteList(present)}` } : {}) };
    }
    case 'message': {
      const name = `${where} "${check.subject}" is ${describeFlags(check.expected)}`;
      const message = messages.find(named(check.subject));
      if (!message) return { ...base, name, passed: false, expected: describeFlags(check.expected), actual: 'not there' };
      const actual = { read: message.read, flagged: message.flagged, deleted: message.deleted };
      const passed = (Object.keys(check.expected) as (keyof typeof actual)[]).every((k) => check.expected[k] === actual[k]);
      const shown = Object.fromEntries(Object.keys(check.expected).map((k) => [k, actual[k as keyof typeof actual]]));
      return { ...base, name, passed, expected: describeFlags(check.expected), actual: describeFlags(shown) };
    }
  }
}

function convergence(check: Extract<Check, { kind: 'converged' }>, result: Omit<VariantResult, 'expectations'>, origin: number): ExpectationResult {
  const want = check.expected ? 'converged' : 'not converged';
  if (check.devices === 'all') {
    const judged = result.verdicts.filter((v) => v.kind !== 'single');
    const converged = judged.every((v) => v.kind === 'converged');
    const actual = judged.map((v) => v.summary).join('; ') || 'no account has two devices';
    return { target: 'convergence', line: check.line, name: `the devices of each account are ${want}`, passed: converged === check.expected, expected: want, actual };
  }
  const devices = result.devices.filter((d) => check.devices.includes(d.name));
  const account = devices[0]?.account ?? '';
  const verdict = judgeAccount({ account, devices, server: result.server.find((a) => a.address === account), delivered: result.delivered, events: result.events, origin, endedAt: result.endedAt });
  const converged = verdict.kind === 'converged';
  return { target: 'convergence', line: check.line, name: `${check.devices.join(', ')} are ${want}`, passed: converged === check.expected, expected: want, actual: verdict.summary };
}

function lookup(target: CheckTarget, result: Omit<VariantResult, 'expectations'>): Seen[] | undefined {
  if (target.kind === 'device') {
    const device = result.devices.find((d) => d.name === target.device);
    if (!device) return undefined;
    const folder = device.folders.find((f) => f.name === target.folder);
    // A folder the device never used is simply empty, as a client shows it.
    return (folder?.messages ?? []).map((m) => ({ key: m.key, subject: m.subject, read: m.seen, flagged: m.flagged, deleted: m.deleted }));
  }
  const account = result.server.find((a) => a.address === target.account);
  const mailbox = account?.mailboxes.find((b) => b.name === target.mailbox);
  if (!mailbox) return undefined;
  return mailbox.messages.map((m) => ({ key: m.key, subject: m.subject, read: m.flags.includes('\\Seen'), flagged: m.flags.includes('\\Flagged'), deleted: m.flags.includes('\\Deleted') }));
}

function describeTarget(target: CheckTarget): string {
  return target.kind === 'device' ? `${target.device} ${target.folder}` : `server ${target.account} ${target.mailbox}`;
}

function verdict(base: { target: string; line: number }, name: string, expected: number, actual: number): ExpectationResult {
  return { ...base, name, passed: expected === actual, expected: String(expected), actual: String(actual) };
}

function describeFlags(flags: { read?: boolean; flagged?: boolean; deleted?: boolean }): string {
  const parts: string[] = [];
  if (flags.read !== undefined) parts.push(flags.read ? 'read' : 'unread');
  if (flags.flagged !== undefined) parts.push(flags.flagged ? 'flagged' : 'not flagged');
  if (flags.deleted !== undefined) parts.push(flags.deleted ? 'marked deleted' : 'not marked deleted');
  return parts.join(', ');
}

function quoteList(items: readonly string[]): string {
  return items.length === 0 ? '(none)' : items.map((s) => `"${s}"`).join(', ');
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * For list checks: which expected subjects are missing and which are extra, counted as
 * multisets, so a duplicate shows as "another" copy rather than as "a different order".
 */
function diff(expected: readonly string[], actual: readonly string[], passed: boolean): { detail?: string } {
  if (passed) return {};
  const missing = minus(expected, actual);
  const extra = minus(actual, expected);
  const copy = (subject: string, other: readonly string[]): string => (other.includes(subject) ? `another "${subject}"` : `"${subject}"`);
  const parts = [];
  if (missing.length) parts.push(`missing: ${missing.map((s) => copy(s, actual)).join(', ')}`);
  if (extra.length) parts.push(`unexpected: ${extra.map((s) => copy(s, expected)).join(', ')}`);
  if (parts.length === 0) parts.push('same subjects, different order');
  return { detail: parts.join('; ') };
}

/** The items of `a` left after taking out one of each item of `b` (multiset difference), in `a`'s order. */
function minus(a: readonly string[], b: readonly string[]): string[] {
  const left = new Map<string, number>();
  for (const item of b) left.set(item, (left.get(item) ?? 0) + 1);
  return a.filter((item) => {
    const n = left.get(item) ?? 0;
    if (n === 0) return true;
    left.set(item, n - 1);
    return false;
  });
}
