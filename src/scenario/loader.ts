import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { type Diagnostic, ScenarioError, sortDiagnostics } from './diagnostics.js';
import { validateAt } from './issues.js';
import { resolveDevices } from './devices.js';
import { DEFAULT_SEED, DEFAULT_START, DeviceKey, ScenarioSchema, VariantKey, VariantSchema } from './schema.js';
import { settingChanges } from './setting-changes.js';
import { parseSteps } from './steps.js';
import { compileChecks } from './checks.js';
import { checkReferences } from './references.js';
import { ScenarioSource } from './source.js';
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
  return parseScenario(text, display);
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

/** Validates scenario text; `file` is used in error positions and as the default name. */
export function parseScenario(text: string, file: string): Scenario {
  const source = new ScenarioSource(file, text);
  const syntax = source.syntaxDiagnostics();
  if (syntax.length > 0) throw new ScenarioError(syntax);
  const raw = source.toJS();
  const diagnostics: Diagnostic[] = [];
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ScenarioError([source.diagnostic([], 'a scenario is a YAML map with accounts, devices and steps', 'run `mailsim init` for a commented example')]);
  }

  // Steps are checked one by one below, where the step kind gives precise errors; devices after
  // variants are applied, where the protocol is known.
  const LooseDevices = z.record(z.string(), z.record(z.string(), z.unknown()));
  const TopLevel = ScenarioSchema.extend({
    steps: z.array(z.unknown()),
    devices: z.record(DeviceKey, z.record(z.string(), z.unknown())),
    variants: z.record(VariantKey, VariantSchema.extend({ devices: LooseDevices.optional(), steps: z.array(z.unknown()).optional() })).optional(),
  });
  const top = validateAt(source, TopLevel, raw, [], diagnostics);
  if (!top) throw new ScenarioError(diagnostics);

  const accounts: ScenarioAccount[] = Object.entries(top.accounts)
    .map(([address, settings]) => ({ address, password: settings.password }))
    .sort((a, b) => (a.address < b.address ? -1 : 1));
  if (accounts.length === 0) diagnostics.push(source.diagnostic(['accounts'], 'a scenario needs at least one account'));

  const start = Date.parse(top.start ?? DEFAULT_START);
  const stepContext = { source, start, directory: path.dirname(path.resolve(file)), out: diagnostics };
  const steps = parseSteps(top.steps, ['steps'], stepContext);
  const variants = resolveDevices(source, top, accounts, diagnostics, start).map((variant) => {
    const own = top.variants?.[variant.name]?.steps;
    const variantSteps = own ? parseSteps(own, ['variants', variant.name, 'steps'], stepContext) : steps;
    return {
      ...variant,
      steps: variantSteps,
      settingsAfter: settingChanges(source, variant, variantSteps, diagnostics),
      checks: compileChecks(top.expect, top.variants?.[variant.name]?.expect, variant.name, (p) => source.keyAt(p).line),
    };
  });
  const warnings: Diagnostic[] = [];
  if (diagnostics.length === 0) checkReferences(source, { accounts, variants, steps }, diagnostics, warnings);
  if (diagnostics.length > 0) throw new ScenarioError(diagnostics);

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
