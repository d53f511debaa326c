import type { Diagnostic } from './diagnostics.js';
import { validateAt } from './issues.js';
import { resolveSettings } from '../devices/profiles/resolve.js';
import type { DeviceSettingsWritten } from '../devices/settings.js';
import { PROTOCOL_SCHEMAS, type ResolvedDeviceSettings } from './schema.js';
import type { Path, ScenarioSource } from './source.js';
import { withSuggestion } from './suggest.js';
import { parseClockTime, resolveClockTime } from '../sim/clock-time.js';
import { OfflinePeriods } from './schema.js';
import type { OfflinePeriod, ScenarioAccount, ScenarioVariant } from './types.js';

/** Settings every protocol shares; they survive a variant switching a device's protocol. */
const SHARED_KEYS = new Set(['account', 'client', 'checkEvery', 'checkAtStartup', 'security']);

interface VariantDeclaration {
  description?: string | undefined;
  devices?: Record<string, Record<string, unknown>> | undefined;
}

interface TopLevel {
  devices: Record<string, Record<string, unknown>>;
  variants?: Record<string, VariantDeclaration> | undefined;
}

/**
 * Applies each variant's overrides to the base devices and validates the result per protocol.
 * A variant's device settings replace the base key by key; when a variant changes `protocol`,
 * only the shared keys (account, client, checkEvery, checkAtStartup, security) carry over, so a base POP3
 * setting never leaks into IMAP. Then the client profile fills what is still unset.
 */
export function resolveDevices(
  source: ScenarioSource,
  top: TopLevel,
  accounts: readonly ScenarioAccount[],
  out: Diagnostic[],
  start: number,
): Omit<ScenarioVariant, 'steps' | 'checks' | 'settingsAfter'>[] {
  // Declaration order, not name order: devices act in the order the author wrote them (checks at
  // the same instant, `sync: all`), so renaming a device never changes who downloads first.
  const deviceNames = Object.keys(top.devices);
  if (deviceNames.length === 0) out.push(source.diagnostic(['devices'], 'a scenario needs at least one device'));
  const declared = Object.entries(top.variants ?? {});
  const variants: [string, VariantDeclaration][] = declared.length > 0 ? declared : [['default', {}]];
  const seen = new Set<string>();
  const push = (d: Diagnostic): void => {
    // Base-device problems would otherwise repeat once per variant.
    const key = `${d.line}:${d.col}:${d.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(d);
    }
  };

  return variants.map(([variantName, variant]) => {
    const overrides = variant.devices ?? {};
    for (const name of Object.keys(overrides)) {
      if (!(name in top.devices)) {
        push(source.diagnostic(['variants', variantName, 'devices', name], withSuggestion(`variant "${variantName}" overrides unknown device "${name}"`, name, deviceNames), `devices: ${deviceNames.join(', ')}`, 'key'));
      }
    }
    const devices = new Map<string, ResolvedDeviceSettings>();
    const written = new Map<string, DeviceSettingsWritten & { account: string }>();
    const offline = new Map<string, OfflinePeriod[]>();
    for (const name of deviceNames) {
      const resolved = resolveOne(source, name, top.devices[name]!, overrides[name], variantName, accounts, push, start);
      if (!resolved) continue;
      devices.set(name, resolved.settings);
      written.set(name, resolved.written);
      if (resolved.offline.length > 0) offline.set(name, resolved.offline);
    }
    return {
      name: variantName,
      ...(variant.description === undefined ? {} : { description: variant.description }),
      devices,
      written,
      offline,
    };
  });
}

function resolveOne(
  source: ScenarioSource,
  name: string,
  base: Record<string, unknown>,
  override: Record<string, unknown> | undefined,
  variantName: string,
  accounts: readonly ScenarioAccount[],
  push: (d: Diagnostic) => void,
  start: number,
): { settings: ResolvedDeviceSettings; written: DeviceSettingsWritten & { account: string }; offline: OfflinePeriod[] } | undefined {
  const basePath: Path = ['devices', name];
  const overridePath: Path = ['variants', variantName, 'devices', name];
  const merged: Record<string, unknown> = {};
  const origin = new Map<string, Path>();
  const switching = override?.protocol !== undefined && base.protocol !== undefined && override.protocol !== base.protocol;
  for (const [key, value] of Object.entries(base)) {
    if (switching && !SHARED_KEYS.has(key) && key !== 'protocol') continue;
    merged[key] = value;
    origin.set(key, basePath);
  }
  for (const [key, value] of Object.entries(override ?? {})) {
    merged[key] = value;
    origin.set(key, overridePath);
  }
  const relocate = (path: Path): Path => {
    const first = path[0];
    const from = first === undefined ? (override ? overridePath : basePath) : (origin.get(String(first)) ?? basePath);
    return [...from, ...path];
  };

  const protocol = merged.protocol;
  const protocols = Object.keys(PROTOCOL_SCHEMAS);
  if (protocol === undefined) {
    push(source.diagnostic(relocate([]), `device "${name}" has no protocol${variantName === 'default' ? '' : ` in variant "${variantName}"`}`, `add "protocol: ${protocols.join('" or "protocol: ')}"`, 'key'));
    return undefined;
  }
  if (typeof protocol !== 'string' || !(protocol in PROTOCOL_SCHEMAS)) {
    push(source.diagnostic(relocate(['protocol']), withSuggestion(`unknown protocol ${JSON.stringify(protocol)}`, String(protocol), protocols), `protocols: ${protocols.join(', ')}`));
    return undefined;
  }
  if (merged.account === undefined && accounts.length === 1) merged.account = accounts[0]!.address;
  const periods = merged.offline;
  delete merged.offline;
  const offline = periods === undefined ? [] : offlinePeriods(source, periods, relocate(['offline']), start, push);

  const diagnostics: Diagnostic[] = [];
  const schema = PROTOCOL_SCHEMAS[protocol as keyof typeof PROTOCOL_SCHEMAS];
  const written = validateAt(source, schema, merged, basePath, diagnostics, relocate, (key) => otherProtocolSetting(key, protocol as keyof typeof PROTOCOL_SCHEMAS)) as DeviceSettingsWritten | undefined;
  diagnostics.forEach(push);
  if (!written) return undefined;
  if (written.account === undefined) {
    push(source.diagnostic(relocate([]), `device "${name}" does not say which account it checks`, `add "account:" with one of ${accounts.map((a) => a.address).join(', ')}`, 'key'));
    return undefined;
  }
  if (!accounts.some((a) => a.address === written.account)) {
    push(source.diagnostic(relocate(['account']), withSuggestion(`device "${name}" uses unknown account "${written.account}"`, written.account, accounts.map((a) => a.address)), 'accounts are declared under "accounts:"'));
    return undefined;
  }
  const withAccount = { ...written, account: written.account };
  const { settings, problems: found } = resolveSettings(withAccount);
  const problems = [...found];
  const provider = accounts.find((a) => a.address === withAccount.account)?.provider;
  if (settings.protocol === 'pop3' && settings.recentMode && provider !== 'gmail') {
    problems.push({ key: 'recentMode', message: `recentMode is Gmail's ("recent:" before the user name), and ${withAccount.account} is on provider ${provider}`, hint: 'give the account "provider: gmail", or leave recentMode out' });
  }
  for (const problem of problems) push(source.diagnostic(relocate([problem.key]), problem.message, problem.hint));
  return problems.length > 0 || !offline ? undefined : { settings, written: withAccount, offline };
}

/**
 * A device's offline periods as instants: `from` counted from the scenario start, `until` from
 * `from` (so "+2h" is two hours of it). Periods must end after they begin and not overlap.
 */
function offlinePeriods(source: ScenarioSource, value: unknown, at: Path, start: number, push: (d: Diagnostic) => void): OfflinePeriod[] | undefined {
  const diagnostics: Diagnostic[] = [];
  const periods = validateAt(source, OfflinePeriods, value, at, diagnostics);
  diagnostics.forEach(push);
  if (!periods) return undefined;
  const result: OfflinePeriod[] = [];
  let ok = true;
  periods.forEach((period, i) => {
    const from = resolveClockTime(parseClockTime(period.from)!, start);
    const until = resolveClockTime(parseClockTime(period.until)!, from);
    const previous = result[result.length - 1];
    if (until <= from) {
      push(source.diagnostic([...at, i, 'until'], `offline period ${i + 1} ends before it begins`, 'write a later "until", e.g. "+2h" for two hours'));
      ok = false;
    } else if (previous && from < previous.until) {
      push(source.diagnostic([...at, i, 'from'], `offline period ${i + 1} begins before period ${i} ends`, 'list periods in order, without overlaps'));
      ok = false;
    } else result.push({ from, until });
  });
  return ok ? result : undefined;
}

const PROTOCOL_NAMES = { pop3: 'a POP3', imap: 'an IMAP' } as const;

/** "that is an IMAP setting, and this device uses POP3" for `push` on a POP3 device, and the like. */
function otherProtocolSetting(key: string, protocol: keyof typeof PROTOCOL_SCHEMAS): string | undefined {
  for (const [other, schema] of Object.entries(PROTOCOL_SCHEMAS) as [keyof typeof PROTOCOL_SCHEMAS, (typeof PROTOCOL_SCHEMAS)[keyof typeof PROTOCOL_SCHEMAS]][]) {
    if (other !== protocol && key in schema.shape) return `that is ${PROTOCOL_NAMES[other]} setting, and this device uses ${protocol.toUpperCase()} (protocol: ${protocol})`;
  }
  return undefined;
}
