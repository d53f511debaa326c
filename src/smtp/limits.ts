/**
 * Limits of the SMTP service. Each is a named constant so tests, docs and the EHLO SIZE keyword
 * can quote it.
 */

/** Largest message accepted, in octets: what the big providers allow (25 MB), so tests see real limits. */
export const MAX_MESSAGE_SIZE = 25 * 1024 * 1024;

/** Recipients per message; a cap keeps one transaction from fanning out unboundedly. */
export const MAX_RECIPIENTS = 100;

/** Concurrent SMTP connections in all; one runaway sender must not exhaust file descriptors. */
export const MAX_CONNECTIONS = 1000;

/**
 * Concurrent connections from one address: Postfix's default for smtpd
 * (smtpd_client_connection_count_limit = 50, postconf(5)), enough for any real sender's pool.
 */
export const MAX_CONNECTIONS_PER_ADDRESS = 50;
