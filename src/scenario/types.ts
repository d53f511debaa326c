import type { DeviceSettings, DeviceSettingsWritten } from '../devices/settings.js';
import type { ServerBehaviour } from '../store/index.js';
import type { GmailSettings, ProviderName } from '../providers/index.js';
import type { Check } from './checks.js';
import type { Diagnostic } from './diagnostics.js';
import type { ResolvedDeviceSettings, Step } from './schema.js';

export interface ScenarioAccount {
  readonly address: string;
  readonly password: string;
  /** Whose rules the server follows for it (default standard). */
  readonly provider: ProviderName;
  /** Gmail's settings, with provider gmail. */
  readonly gmail?: GmailSettings;
}

/** One set of device settings the steps run under; a scenario without `variants:` has one, "default". */
export interface ScenarioVariant {
  readonly name: string;
  readonly description?: string;
  /** Device settings after applying the variant's overrides and client profiles, by device name, in declaration order. */
  readonly devices: ReadonlyMap<string, ResolvedDeviceSettings>;
  /** The settings as written (after the variant's overrides), from which `set` steps start. */
  readonly written: ReadonlyMap<string, DeviceSettingsWritten & { readonly account: string }>;
  /** Each device's offline periods (virtual ms), in order. */
  readonly offline: ReadonlyMap<string, readonly OfflinePeriod[]>;
  /** The steps this variant runs: its own `steps:`, or the scenario's. */
  readonly steps: readonly Step[];
  /** For each `set` step: the device's settings from then on. */
  readonly settingsAfter: ReadonlyMap<Step, DeviceSettings>;
  /** The `expect:` checks for this variant (top-level merged with the variant's own). */
  readonly checks: readonly Check[];
}

/** A stretch of virtual time a device has no network. */
export interface OfflinePeriod {
  readonly from: number;
  readonly until: number;
}

/** A validated scenario, ready to run. Produced only by the loader. */
export interface Scenario {
  readonly name: string;
  readonly description?: string;
  readonly lesson?: string;
  /** The file it came from, as given to the loader. */
  readonly file: string;
  /** Virtual start time, ms since the epoch. */
  readonly start: number;
  readonly seed: number;
  readonly accounts: readonly ScenarioAccount[];
  /** Server behaviour (Dovecot-like by default). */
  readonly server: ServerBehaviour;
  readonly variants: readonly ScenarioVariant[];
  /** The top-level steps (a variant may run its own instead: see ScenarioVariant.steps). */
  readonly steps: readonly Step[];
  /** Things that look unintended but do not stop the run (e.g. an `absent:` one letter off a delivered subject). */
  readonly warnings?: readonly Diagnostic[];
}
