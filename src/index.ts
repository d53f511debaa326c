/**
 * mailsim as a library: `import { startServer, runScenario } from 'mailsim'`.
 *
 * This list is the public API; everything else under dist/ is internal and may change in any
 * release. Two uses are supported:
 * - an embedded IMAP/POP3/SMTP server for your own tests: {@link startServer};
 * - scenarios run from code: {@link loadScenarioFile} or {@link parseScenario}, then {@link runScenario}.
 *
 * @packageDocumentation
 */

// ── The embedded server ────────────────────────────────────────────────────────────────────────
export { startServer, type StartServerOptions, type RunningServer, type ServerUser, type MailboxSummary } from './server/start.js';
export type { DeliverOptions, Delivery } from './server/delivery.js';
export type { StoredMessage } from './server/message-summary.js';
export { MAX_TRANSCRIPT_CONNECTIONS, MAX_TRANSCRIPT_LINES, MAX_TRANSCRIPT_OCTETS, type ConnectionTranscript } from './server/transcripts.js';
export { ServerStartError, type ServerStartErrorCode } from './server/errors.js';
export { DEFAULT_DOMAIN } from './server/users.js';
export type { ServerPorts, ServerUsage, ProtocolUsage } from './server/mail-server.js';
export type { Listener } from './server/endpoints.js';
export { PROVIDER_NAMES, type ProviderName, type GmailSettings } from './providers/index.js';
export type { ImapUsage } from './imap/service.js';
export { DEFAULT_LOGIN_THROTTLE, type LoginThrottleOptions } from './protocol/login-throttle.js';
export type { Protocol, Direction, WireEvent, WireListener } from './protocol/transcript.js';
export type { Clock } from './sim/clock.js';

// ── The store a running server exposes (RunningServer.store) ──────────────────────────────────
export type { MailStore, AddAccountOptions } from './store/store.js';
export type { Account } from './store/account.js';
export type { Mailbox, SpecialUse, FlagOperation, AppendOptions, FlagResult } from './store/mailbox.js';
export type { Message } from './store/message.js';
export type { Journal, JournalEntry, ChangeRecord, MailboxChange, MailboxEvent, ChangeOrigin } from './store/journal.js';
export { StoreError, type StoreErrorCode } from './store/errors.js';
export { SEEN, FLAGGED, DELETED, ANSWERED, DRAFT } from './store/flags.js';

// ── Scenarios ──────────────────────────────────────────────────────────────────────────────────
export { loadScenarioFile, parseScenario } from './scenario/loader.js';
export { runScenario, type RunOptions } from './scenario/runner.js';
export { ScenarioError, type Diagnostic } from './scenario/diagnostics.js';
export type { Scenario, ScenarioAccount, ScenarioVariant } from './scenario/types.js';
export type {
  RunResult,
  VariantResult,
  DeliveredMessage,
  ServerAccount,
  ServerMailbox,
  ServerMessage,
  AccountVerdict,
  VerdictKind,
  MessageOnDevice,
  Latency,
  ExpectationResult,
} from './scenario/result.js';
export type { LatencyTable } from './scenario/latencies.js';
export type { DeviceSnapshot } from './devices/device.js';
export type { RunEvent, RunEventKind } from './devices/events.js';
