import { parseDuration } from '../sim/duration.js';
import type { Scenario, ScenarioVariant } from './types.js';

/**
 * How much work a run is, known before it starts: a device that polls every `checkEvery` fires
 * once per interval of the virtual time the steps cover (`advance` steps and `at:` times), and
 * each firing, like each step, lets every device of the variant settle. An event costs a few
 * protocol round trips on 127.0.0.1, about a millisecond, so a million events is a quarter of an
 * hour. An estimate: a `set` step that changes `checkEvery` restarts that device's count.
 */
export interface VariantWork {
  readonly variant: string;
  /** Poll firings plus steps: what RunProgress.ticks counts up to. */
  readonly ticks: number;
  readonly devices: number;
  /** Virtual time the steps cover, ms. */
  readonly span: number;
  /** The device that polls most in this variant. */
  readonly busiest?: { readonly device: string; readonly every: string; readonly polls: number };
}

export interface WorkEstimate {
  /** Events: (poll firings + steps) × devices, summed over the variants that run. */
  readonly events: number;
  /** The device that polls most, over the variants that run, for the message that explains a refusal. */
  readonly busiest?: { readonly variant: string; readonly device: string; readonly every: string; readonly polls: number };
  /** The longest virtual time a variant covers, ms. */
  readonly span: number;
}

export function variantWork(scenario: Scenario, only?: readonly string[]): VariantWork[] {
  return scenario.variants.filter((v) => only === undefined || only.includes(v.name)).map((v) => planOf(scenario, v));
}

export function estimateWork(scenario: Scenario, only?: readonly string[]): WorkEstimate {
  const plans = variantWork(scenario, only);
  let busiest: WorkEstimate['busiest'];
  for (const plan of plans) if (plan.busiest && (!busiest || plan.busiest.polls > busiest.polls)) busiest = { variant: plan.variant, ...plan.busiest };
  return {
    events: plans.reduce((n, v) => n + v.ticks * Math.max(1, v.devices), 0),
    span: Math.max(0, ...plans.map((p) => p.span)),
    ...(busiest ? { busiest } : {}),
  };
}

function planOf(scenario: Scenario, variant: ScenarioVariant): VariantWork {
  const every = new Map<string, string | undefined>([...variant.devices].map(([name, settings]) => [name, settings.checkEvery]));
  const polls = new Map<string, number>();
  const busiestEvery = new Map<string, string>();
  let clock = scenario.start;
  const pass = (until: number): void => {
    for (const [device, interval] of every) {
      if (!interval || until <= clock) continue;
      const n = Math.floor((until - clock) / parseDuration(interval));
      polls.set(device, (polls.get(device) ?? 0) + n);
      if (n > 0) busiestEvery.set(device, interval);
    }
    clock = Math.max(clock, until);
  };
  for (const step of variant.steps) {
    if (step.at !== undefined && step.at > clock) pass(step.at);
    if (step.kind === 'advance') pass(clock + parseDuration(step.args));
    if (step.kind === 'set') every.set(step.args.device, variant.settingsAfter.get(step)?.checkEvery);
  }
  let busiest: VariantWork['busiest'];
  for (const [device, n] of polls) if (n > 0 && (!busiest || n > busiest.polls)) busiest = { device, every: busiestEvery.get(device)!, polls: n };
  const total = [...polls.values()].reduce((a, b) => a + b, 0);
  return { variant: variant.name, ticks: total + variant.steps.length, devices: variant.devices.size, span: clock - scenario.start, ...(busiest ? { busiest } : {}) };
}
