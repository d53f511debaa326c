import type { DeviceExpectationT, ExpectBlockT, FolderExpectationT } from './expect-schema.js';
import type { VerdictKind } from './result.js';

/** Where a check looks: a folder on a device, or a mailbox on the server. */
export type CheckTarget =
  | { readonly kind: 'device'; readonly device: string; readonly folder: string }
  | { readonly kind: 'server'; readonly account: string; readonly mailbox: string };

export type CheckSpec =
  | { readonly kind: 'count' | 'unread' | 'flagged'; readonly expected: number }
  | { readonly kind: 'subjects' | 'subjectsAnyOrder' | 'contains' | 'absent'; readonly expected: readonly string[] }
  | { readonly kind: 'message'; readonly subject: string; readonly expected: { readonly read?: boolean; readonly flagged?: boolean; readonly deleted?: boolean } };

/** One assertion of an `expect:` block, flattened, with where it was written. */
export type Check =
  | ({
      readonly target: CheckTarget;
      /** Where the assertion is written. */
      readonly path: readonly (string | number)[];
      /** Where its device or server account is named, for "unknown device/account" errors. */
      readonly entryPath: readonly (string | number)[];
      readonly line: number;
    } & CheckSpec)
  | { readonly kind: 'converged'; readonly devices: readonly string[] | 'all'; readonly expected: boolean; readonly path: readonly (string | number)[]; readonly line: number }
  | { readonly kind: 'verdict'; readonly expected: VerdictKind; readonly path: readonly (string | number)[]; readonly line: number }
  | {
      readonly kind: 'events';
      readonly what: 'conflicts' | 'errors' | 'downloads' | 'downloadedBytes';
      /** For downloads and downloadedBytes. */
      readonly device?: string;
      /** Bounds, inclusive; an exact number has both. */
      readonly expected: { readonly min?: number; readonly max?: number };
      readonly path: readonly (string | number)[];
      readonly line: number;
    };

/** Gives the 1-based line an expect path was written on. */
export type LineOf = (path: readonly (string | number)[]) => number;

/**
 * Merges the top-level and a variant's `expect:` blocks and flattens them into checks. A variant's
 * entry replaces the top-level one for the same device, server mailbox, `converged` or `verdict`.
 */
export function compileChecks(top: ExpectBlockT | undefined, variant: ExpectBlockT | undefined, variantName: string, lineOf: LineOf): Check[] {
  const checks: Check[] = [];
  const base = ['expect'];
  const own = ['variants', variantName, 'expect'];
  const devices = new Map<string, { spec: DeviceExpectationT; path: (string | number)[] }>();
  for (const [name, spec] of Object.entries(top?.devices ?? {})) devices.set(name, { spec, path: [...base, 'devices', name] });
  for (const [name, spec] of Object.entries(variant?.devices ?? {})) devices.set(name, { spec, path: [...own, 'devices', name] });
  for (const [device, { spec, path }] of [...devices].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const { folders, downloadedBytes: _bytes, ...inbox } = spec;
    checks.push(...folderChecks({ kind: 'device', device, folder: 'INBOX' }, inbox, path, path, lineOf));
    for (const [folder, folderSpec] of Object.entries(folders ?? {})) {
      checks.push(...folderChecks({ kind: 'device', device, folder }, folderSpec, [...path, 'folders', folder], path, lineOf));
    }
  }
  const server = new Map<string, { spec: FolderExpectationT; path: (string | number)[]; account: string; mailbox: string }>();
  const addServer = (block: ExpectBlockT | undefined, prefix: string[]): void => {
    for (const [account, boxes] of Object.entries(block?.server ?? {})) {
      for (const [mailbox, spec] of Object.entries(boxes)) {
        server.set(`${account}\n${mailbox}`, { spec, path: [...prefix, 'server', account, mailbox], account, mailbox });
      }
    }
  };
  addServer(top, base);
  addServer(variant, own);
  for (const { spec, path, account, mailbox } of server.values()) checks.push(...folderChecks({ kind: 'server', account, mailbox }, spec, path, path.slice(0, -1), lineOf));
  const converged = variant?.converged !== undefined ? { value: variant.converged, path: [...own, 'converged'] } : top?.converged !== undefined ? { value: top.converged, path: [...base, 'converged'] } : undefined;
  if (converged) {
    const { value, path } = converged;
    const line = lineOf(path);
    checks.push(typeof value === 'boolean' ? { kind: 'converged', devices: 'all', expected: value, path, line } : { kind: 'converged', devices: value.devices, expected: value.is, path, line });
  }
  checks.push(...eventChecks(top, variant, base, own, lineOf));
  const verdict = variant?.verdict !== undefined ? { value: variant.verdict, path: [...own, 'verdict'] } : top?.verdict !== undefined ? { value: top.verdict, path: [...base, 'verdict'] } : undefined;
  if (verdict) checks.push({ kind: 'verdict', expected: verdict.value, path: verdict.path, line: lineOf(verdict.path) });
  // File order, so reports read like the expect: block (sort is stable within a line).
  return checks.sort((a, b) => a.line - b.line);
}

type Bound = number | { readonly min?: number | undefined; readonly max?: number | undefined };

function bounds(value: Bound): { min?: number; max?: number } {
  if (typeof value === 'number') return { min: value, max: value };
  return { ...(value.min === undefined ? {} : { min: value.min }), ...(value.max === undefined ? {} : { max: value.max }) };
}

/**
 * `events:` checks (the variant's entry replaces the top-level one per key) and each device's
 * `downloadedBytes` (replaced with the device's entry, like its other checks).
 */
function eventChecks(top: ExpectBlockT | undefined, variant: ExpectBlockT | undefined, base: string[], own: (string | number)[], lineOf: LineOf): Check[] {
  const checks: Check[] = [];
  for (const what of ['conflicts', 'errors'] as const) {
    const pick = variant?.events?.[what] !== undefined ? { value: variant.events[what]!, path: [...own, 'events', what] } : top?.events?.[what] !== undefined ? { value: top.events[what]!, path: [...base, 'events', what] } : undefined;
    if (pick) checks.push({ kind: 'events', what, expected: bounds(pick.value), path: pick.path, line: lineOf(pick.path) });
  }
  const downloads = new Map<string, { value: Bound; path: (string | number)[] }>();
  for (const [device, value] of Object.entries(top?.events?.downloads ?? {})) downloads.set(device, { value, path: [...base, 'events', 'downloads', device] });
  for (const [device, value] of Object.entries(variant?.events?.downloads ?? {})) downloads.set(device, { value, path: [...own, 'events', 'downloads', device] });
  for (const [device, { value, path }] of downloads) checks.push({ kind: 'events', what: 'downloads', device, expected: bounds(value), path, line: lineOf(path) });
  const bytes = new Map<string, { value: Bound; path: (string | number)[] }>();
  for (const [device, spec] of Object.entries(top?.devices ?? {})) if (spec.downloadedBytes !== undefined) bytes.set(device, { value: spec.downloadedBytes, path: [...base, 'devices', device, 'downloadedBytes'] });
  for (const [device, spec] of Object.entries(variant?.devices ?? {})) {
    if (spec.downloadedBytes !== undefined) bytes.set(device, { value: spec.downloadedBytes, path: [...own, 'devices', device, 'downloadedBytes'] });
    else bytes.delete(device);
  }
  for (const [device, { value, path }] of bytes) checks.push({ kind: 'events', what: 'downloadedBytes', device, expected: bounds(value), path, line: lineOf(path) });
  return checks;
}

function folderChecks(target: CheckTarget, spec: FolderExpectationT, path: (string | number)[], entryPath: (string | number)[], lineOf: LineOf): Check[] {
  const checks: Check[] = [];
  const at = (key: string | number, ...more: (string | number)[]) => [...path, key, ...more];
  for (const kind of ['count', 'unread', 'flagged'] as const) {
    const expected = spec[kind];
    if (expected !== undefined) checks.push({ target, kind, expected, path: at(kind), entryPath, line: lineOf(at(kind)) });
  }
  for (const kind of ['subjects', 'subjectsAnyOrder', 'contains', 'absent'] as const) {
    const expected = spec[kind];
    if (expected !== undefined) checks.push({ target, kind, expected, path: at(kind), entryPath, line: lineOf(at(kind)) });
  }
  for (const [subject, expected] of Object.entries(spec.messages ?? {})) {
    checks.push({ target, kind: 'message', subject, expected, path: at('messages', subject), entryPath, line: lineOf(at('messages', subject)) });
  }
  return checks;
}

/** Subjects the checks name, for the loader's typo check. */
export function subjectsNamed(check: Check): { subject: string; path: readonly (string | number)[] }[] {
  switch (check.kind) {
    case 'subjects':
    case 'subjectsAnyOrder':
    case 'contains':
    case 'absent':
      return check.expected.map((subject, i) => ({ subject, path: [...check.path, i] }));
    case 'message':
      return [{ subject: check.subject, path: check.path }];
    default:
      return [];
  }
}
