import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { PROVIDER_NAMES, type ProviderName } from '../providers/index.js';
import { type Diagnostic, ScenarioError, sortDiagnostics } from './diagnostics.js';
import { validateFields } from './piecewise.js';
import { ExpectBlock, type ExpectBlockT } from './expect-schema.js';
import { deliveredSubjects, type DeliverArgs } from './messages.js';
import { resolveDevices } from './devices.js';
import { DEFAULT_SEED, DEFAULT_START, MAX_DELIVER_COUNT, DeviceKey, ScenarioSchema, VariantKey, VariantSchema } from './schema.js';
import { settingChanges } from './setting-changes.js';
import { parseSteps } from './steps.js';
import { compileChecks } from './checks.js';
import { checkSyncedFolders } from './folders.js';
import { checkReferences } from './references.js';
import { ScenarioSource, type Path } from './source.js';
import type { Scenario, ScenarioAccount } from './types.js';

/**
 * Reads and validates a scenario file. Throws ScenarioError with every problem found.
 * `display` names the file in error messages (default: `file` as given).
 */
export async function loadScenarioFile(file: string, display: string = file): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ScenarioError([{ file: display, line: 1, col: 1, ...unreadable(error as NodeJS.ErrnoException) }]);
  }
  return parseScenario(text, display, path.dirname(path.resolve(file)));
}

/** Why a scenario file cannot be read, in our words, with what to do about it. */
function unreadable(error: NodeJS.ErrnoException): { message: string; hint?: string } {
  switch (error.code) {
    case 'ENOENT':
      return { message: 'cannot read scenario: no such file', hint: 'check the path; `mailsim list` shows the built-in scenarios, `mailsim init` writes a new one' };
    case 'EISDIR':
      return { message: 'cannot read scenario: this is a directory, not a file', hint: 'name a .yaml file inside it' };
    case 'EACCES':
    case 'EPERM':
      return { message: 'cannot read scenario: permission denied', hint: 'make the file readable for your user (chmod u+r)' };
    default:
      return { message: `cannot read scenario: ${error.message}` };
  }
}

/**
 * Validates scenario text; `file` is used in error positions and as the default name.
 * `directory` is where `deliver: { file }` paths start: the scenario file's own folder.
 */
export function parseScenario(text: string, file: string, directory: string = path.dirname(path.resolve(file))): Scenario {
  const source = new ScenarioSource(file, text);
  const syntax = source.syntaxDiagnostics();
  if (syntax.length > 0) throw new ScenarioError(syntax);
  const raw = source.toJS();
  const diagnostics: Diagnostic[] = [];
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ScenarioError([source.diagnostic([], 'a scenario is a YAML map with accounts, devices and steps', 'run `mailsim init` for a commented example')]);
  }

  // Every part is validated on its own, and references are checked with whatever is valid, so
  // one pass reports every problem (piecewise.ts). Steps are checked one by one, where the step
  // kind gives precise errors; devices after variants are applied, where the protocol is known.
  const LooseDevices = z.record(z.string(), z.record(z.string(), z.unknown()));
  const TopLevel = ScenarioSchema.extend({
    steps: z.array(z.unknown()),
    devices: z.record(DeviceKey, z.record(z.string(), z.unknown())),
    variants: z.record(VariantKey, VariantSchema.extend({ devices: LooseDevices.optional(), steps: z.array(z.unknown()).optional(), expect: z.unknown().optional() })).optional(),
    expect: z.unknown().optional(),
  });
  const top = (validateFields(source, TopLevel, raw, [], diagnostics, { entrywise: ['accounts', 'devices', 'variants'], readNearMisses: true }) ?? {}) as Partial<z.output<typeof TopLevel>>;
  const topExpect = validateExpect(source, top.expect, ['expect'], diagnostics);

  const rawMap = raw as Record<string, unknown>;
  // Accounts and devices as declared, even those whose settings are wrong: a step naming one is
  // not an "unknown device" on top of the real problem.
  const declaredAccounts = Object.keys(mapOrEmpty(rawMap.accounts));
  const accounts: ScenarioAccount[] = Object.entries(top.accounts ?? {})
    .map(([address, settings]) => ({ address, password: settings.password, provider: settings.provider, ...(settings.gmail ? { gmail: settings.gmail } : {}) }))
    .sort((a, b) => (a.address < b.address ? -1 : 1));
  if (declaredAccounts.length === 0 && top.accounts !== undefined) diagnostics.push(source.diagnostic(['accounts'], 'a scenario needs at least one account'));

  const start = Date.parse(top.start ?? DEFAULT_START);
  const stepContext = { source, start, directory, out: diagnostics };
  const steps = parseSteps(top.steps ?? [], ['steps'], stepContext);
  const variantExpect = (name: string): ExpectBlockT | undefined => validateExpect(source, top.variants?.[name]?.expect, ['variants', name, 'expect'], diagnostics);
  // With no valid device at all (missing, or every one misnamed) that is already reported.
  const devicesToResolve = top.devices !== undefined && (Object.keys(top.devices).length > 0 || Object.keys(mapOrEmpty(rawMap.devices)).length === 0);
  // Devices may name an account whose own entry is wrong: that is reported there, not here too.
  const accountsAsDeclared = declaredAccounts.map((address) => accounts.find((a) => a.address === address) ?? { address, password: '', provider: declaredProvider(mapOrEmpty(rawMap.accounts)[address]) });
  const resolved = devicesToResolve ? resolveDevices(source, { devices: top.devices!, ...(top.variants ? { variants: top.variants } : {}) }, accountsAsDeclared, diagnostics, start) : [];
  const variants = resolved.map((variant) => {
    const own = top.variants?.[variant.name]?.steps;
    const variantSteps = own ? parseSteps(own, ['variants', variant.name, 'steps'], stepContext) : steps;
    return {
      ...variant,
      steps: variantSteps,
      settingsAfter: settingChanges(source, variant, variantSteps, diagnostics),
      checks: compileChecks(topExpect, variantExpect(variant.name), variant.name, (p) => source.keyAt(p).line),
    };
  });
  const warnings: Diagnostic[] = [];
  const deviceNames = Object.keys(mapOrEmpty(rawMap.devices));
  const variantSteps = Object.values(top.variants ?? {}).flatMap((v) => v.steps ?? []);
  const unparsedSubjects = unparsedDeliveries([...(top.steps ?? []), ...variantSteps]);
  checkReferences(source, { accounts, accountNames: declaredAccounts, deviceNames, variants, steps, unparsedSubjects }, diagnostics, warnings);
  checkSyncedFolders(source, rawMap, [steps, ...variants.map((v) => v.steps)].flat(), diagnostics);
  if (diagnostics.length > 0) throw new ScenarioError(dedupe(diagnostics));

  return {
    name: top.name ?? path.basename(file).replace(/\.ya?ml$/i, ''),
    ...(top.description === undefined ? {} : { description: top.description }),
    ...(top.lesson === undefined ? {} : { lesson: top.lesson }),
    file,
    start,
    seed: top.seed ?? DEFAULT_SEED,
    accounts,
    server: top.server ?? {},
    variants,
    steps,
    warnings: sortDiagnostics(warnings),
  };
}

function mapOrEmpty(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** An `expect:` block, validated key by key and device by device: one bad check leaves the others to be checked. */
function validateExpect(source: ScenarioSource, raw: unknown, at: Path, out: Diagnostic[]): ExpectBlockT | undefined {
  if (raw === undefined) return undefined;
  return validateFields(source, ExpectBlock, raw, at, out, { entrywise: ['devices', 'server'] }) as ExpectBlockT | undefined;
}

/**
 * Subjects of deliver steps that failed validation, read from what is written, so a step that
 * names them does not also get "no step sends" on top of the step's own error.
 */
function unparsedDeliveries(steps: readonly unknown[]): string[] {
  const subjects: string[] = [];
  for (const step of steps) {
    const deliver = mapOrEmpty(mapOrEmpty(step).deliver);
    if (typeof deliver.subject !== 'string') continue;
    const count = typeof deliver.count === 'number' && Number.isInteger(deliver.count) && deliver.count >= 1 && deliver.count <= MAX_DELIVER_COUNT ? deliver.count : undefined;
    subjects.push(...deliveredSubjects({ subject: deliver.subject, ...(count === undefined ? {} : { count }) } as DeliverArgs));
  }
  return subjects;
}

/** The same problem found twice (a base device checked once per variant) is said once. */
function dedupe(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.line}:${d.col}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The provider an account entry names, even when the entry has other problems (they are reported there). */
function declaredProvider(entry: unknown): ProviderName {
  const named = (entry as { provider?: unknown } | null)?.provider;
  return (PROVIDER_NAMES as readonly unknown[]).includes(named) ? (named as ProviderName) : 'standard';
}
