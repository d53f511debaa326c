export { Pop3Service, DEFAULT_HOSTNAME, type Pop3ServiceOptions } from './service.js';
export { Pop3CommandError, type Pop3CommandErrorCode } from './errors.js';
export { CAPABILITIES } from './commands/capa.js';
export { IDLE_TIMEOUT_MS, MAX_COMMAND_LINE_OCTETS, MAX_FAILED_LOGINS } from './limits.js';
export { pop3Size } from './message-format.js';
export { apopDigest } from './apop-digest.js';
export * from './client/index.js';
