import type { DeviceSnapshot } from '../devices/device.js';
import type { RunEvent } from '../devices/events.js';

/** A message the scenario delivered: the identity every device's copy is compared by. */
export interface DeliveredMessage {
  /** Message-ID, the key devices and the server are compared by. */
  readonly key: string;
  readonly subject: string;
  readonly from: string;
  readonly account: string;
  readonly deliveredAt: number;
}

export interface ServerMessage {
  readonly key: string;
  readonly subject: string;
  readonly uid: number;
  readonly flags: readonly string[];
}

export interface ServerMailbox {
  readonly name: string;
  readonly specialUse?: string;
  readonly uidValidity: number;
  readonly uidNext: number;
  readonly messages: readonly ServerMessage[];
}

export interface ServerAccount {
  readonly address: string;
  readonly mailboxes: readonly ServerMailbox[];
}

export type VerdictKind = 'converged' | 'diverged' | 'fragmented' | 'single';

/** How a message stands on one device. */
export interface MessageOnDevice {
  readonly present: boolean;
  readonly folder?: string;
  readonly seen?: boolean;
  readonly flagged?: boolean;
  readonly deleted?: boolean;
}

/** The comparison of the devices that share one account. */
export interface AccountVerdict {
  readonly account: string;
  readonly devices: readonly string[];
  readonly kind: VerdictKind;
  /** One line: "fragmented: phone is missing 3 of 3 messages". */
  readonly summary: string;
  /** Why, one sentence per difference, from the recorded events. */
  readonly reasons: readonly string[];
  /** message key -> device name -> state; keys in delivery order. */
  readonly matrix: readonly { readonly key: string; readonly subject: string; readonly devices: Readonly<Record<string, MessageOnDevice>> }[];
}

/** When a delivered message first showed on a device (delivery-to-visible latency). */
export interface Latency {
  readonly key: string;
  readonly subject: string;
  readonly device: string;
  readonly deliveredAt: number;
  /** Virtual time the device first showed it; undefined if it never did. */
  readonly visibleAt?: number;
}

/** The outcome of one `expect:` check. */
export interface ExpectationResult {
  /** What was checked, as a sentence: "phone INBOX holds 0 messages". */
  readonly name: string;
  /** "phone INBOX", "server alice@example.com INBOX" or "convergence". */
  readonly target: string;
  readonly passed: boolean;
  readonly expected: string;
  readonly actual: string;
  /** For list checks: which subjects are missing or unexpected. */
  readonly detail?: string;
  /** Line of the scenario file where the check is written. */
  readonly line: number;
}

export interface VariantResult {
  readonly name: string;
  readonly description?: string;
  readonly devices: readonly DeviceSnapshot[];
  readonly server: readonly ServerAccount[];
  readonly delivered: readonly DeliveredMessage[];
  readonly events: readonly RunEvent[];
  readonly verdicts: readonly AccountVerdict[];
  readonly latencies: readonly Latency[];
  /** Virtual time when the steps ended. */
  readonly endedAt: number;
  /** The `expect:` checks, all of them, in file order. */
  readonly expectations: readonly ExpectationResult[];
}

export interface RunResult {
  readonly scenario: { readonly name: string; readonly description?: string; readonly lesson?: string; readonly file: string };
  readonly seed: number;
  readonly start: number;
  readonly variants: readonly VariantResult[];
}
