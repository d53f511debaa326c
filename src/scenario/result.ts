import type { DeviceSnapshot } from '../devices/device.js';
import type { RunEvent } from '../devices/events.js';
import type { LatencyTable } from './latencies.js';

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
  /**
   * Message keys a POP3 session would list now, in normal and in recent mode, where the provider
   * decides it (Gmail: All Mail less what POP already downloaded). Absent: POP3 lists INBOX.
   */
  readonly pop3Listing?: { readonly normal: readonly string[]; readonly recent: readonly string[] };
}

/**
 * What can be wrong between a device and the server, most serious first:
 * - fragmented: a device will never get mail others have, because the server does not have it;
 * - diverged: devices show different read/flag/folder state that no sync will reconcile (POP3's
 *   local state);
 * - copies: POP3 copies that match now, but nothing keeps them in step;
 * - stale: a device has not yet seen changes its next check will bring;
 * - hidden: mail is on the server in a folder a device does not sync (nothing is lost).
 */
export const FINDING_KINDS = ['fragmented', 'diverged', 'copies', 'stale', 'hidden'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

/** An account's headline: its most serious finding, or converged (or single, with one device). */
export type VerdictKind = 'converged' | 'single' | FindingKind;
export const VERDICT_KINDS: readonly VerdictKind[] = ['converged', 'single', ...FINDING_KINDS];

/** One thing wrong, about one or more messages, with its cause told from the recorded events. */
export interface Finding {
  readonly kind: FindingKind;
  /** The devices it concerns. */
  readonly devices: readonly string[];
  /** The messages it concerns (keys), in delivery order. */
  readonly messages: readonly string[];
  /** One or two sentences: what, then why, then what would change it. */
  readonly text: string;
}

/** How a message stands on one device, and what the verdict makes of it. */
export interface MessageOnDevice {
  readonly present: boolean;
  readonly folder?: string;
  readonly seen?: boolean;
  readonly flagged?: boolean;
  readonly deleted?: boolean;
  /** The matrix cell: "read", "Archive, unread", "unread, stale", "hidden: Archive", "missing", "gone". */
  readonly label: string;
  /** The finding this cell is part of, if any. */
  readonly finding?: FindingKind;
}

export interface MatrixRow {
  readonly key: string;
  readonly subject: string;
  readonly devices: Readonly<Record<string, MessageOnDevice>>;
  /** Where the server holds it and with which flags ("INBOX \Seen", "Trash"), or "gone". */
  readonly server: string;
}

/** Every device of one account compared with the server and with each other. */
export interface AccountVerdict {
  readonly account: string;
  readonly devices: readonly string[];
  readonly kind: VerdictKind;
  /** One line: "fragmented: phone is missing 3 of 3 messages, which the server does not have". */
  readonly summary: string;
  /** Every finding, most serious first. */
  readonly findings: readonly Finding[];
  /** The findings' texts, for people. */
  readonly reasons: readonly string[];
  /** Message x device, in delivery order (then other messages the server or a device holds). */
  readonly matrix: readonly MatrixRow[];
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
  /** Delivery-to-visible: `get(key, device)`, or every pair by iterating. */
  readonly latencies: LatencyTable;
  /** Message ids the steps named (`id:`) -> the Message-ID of that message. */
  readonly ids: Readonly<Record<string, string>>;
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
