import { resolveSettings } from '../devices/profiles/resolve.js';
import type { DeviceSettings, DeviceSettingsWritten } from '../devices/settings.js';
import type { Diagnostic } from './diagnostics.js';
import { validateAt } from './issues.js';
import { PROTOCOL_SCHEMAS, type Step } from './schema.js';
import type { ScenarioSource } from './source.js';
import { withSuggestion } from './suggest.js';
import type { ScenarioVariant } from './types.js';

/** Settings that survive a switch of protocol, as they do when a variant switches it. */
const SHARED_KEYS = ['account', 'client', 'checkEvery', 'checkAtStartup'];

/**
 * Follows each device's settings through the variant's `set` steps, in order, and resolves them
 * after each one, so an impossible combination is reported at the step that makes it. Switching
 * protocol starts the other protocol's settings afresh (only the shared keys carry over), as a
 * user setting up the account again would.
 */
export function settingChanges(
  source: ScenarioSource,
  variant: Pick<ScenarioVariant, 'name' | 'written' | 'devices'>,
  steps: readonly Step[],
  out: Diagnostic[],
): Map<Step, DeviceSettings> {
  const current = new Map(variant.written);
  const after = new Map<Step, DeviceSettings>();
  for (const step of steps) {
    if (step.kind !== 'set') continue;
    const { device, ...changes } = step.args as { device: string } & Record<string, unknown>;
    const before = current.get(device);
    if (!before) continue; // an unknown device is reported by the reference checks
    const switching = changes.protocol !== undefined && changes.protocol !== before.protocol;
    const base = switching ? Object.fromEntries(Object.entries(before).filter(([k]) => SHARED_KEYS.includes(k))) : before;
    const merged: Record<string, unknown> = { ...base, ...stripUndefined(changes) };
    const protocol = merged.protocol as keyof typeof PROTOCOL_SCHEMAS;
    const at = [...step.path, 'set'];
    const diagnostics: Diagnostic[] = [];
    const written = validateAt(source, PROTOCOL_SCHEMAS[protocol], merged, at, diagnostics, (p) => [...at, ...p]) as DeviceSettingsWritten | undefined;
    for (const d of diagnostics) out.push(settingHint(d, protocol));
    if (!written) continue;
    const withAccount = { ...written, account: before.account };
    const { settings, problems } = resolveSettings(withAccount);
    for (const problem of problems) out.push(source.diagnostic([...at, problem.key], problem.message, problem.hint));
    if (problems.length > 0) continue;
    current.set(device, withAccount);
    after.set(step, settings);
  }
  return after;
}

function stripUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}

/** A key of the other protocol gets a hint that says so. */
function settingHint(d: Diagnostic, protocol: string): Diagnostic {
  const other = Object.keys(PROTOCOL_SCHEMAS).find((p) => p !== protocol);
  const key = /unknown key "([^"]+)"/.exec(d.message)?.[1];
  if (!key || !other) return d;
  const otherKeys = Object.keys(PROTOCOL_SCHEMAS[other as keyof typeof PROTOCOL_SCHEMAS].shape);
  if (!otherKeys.includes(key)) return d;
  return { ...d, message: withSuggestion(d.message.replace(/; did you mean.*$/, ''), key, []), hint: `"${key}" is a ${other.toUpperCase()} setting; add "protocol: ${other}" to this set step to switch the device` };
}
