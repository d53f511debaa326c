/**
 * The mail domain a bare user name joins: `alice` becomes `alice@mailsim.test`, both in
 * `startServer().addUser('alice', …)` and in `mailsim serve --user alice:secret`.
 * `.test` is reserved for testing (RFC 2606), so the address can never reach a real mailbox;
 * it is also the name the SMTP service greets with.
 */
export const DEFAULT_DOMAIN = 'mailsim.test';

/**
 * The name every in-process delivery gives in EHLO: fixed, so Received headers are the same on
 * every machine. Here, not in delivery.ts, so the scenario sender (scenario/compose.ts) has it
 * without loading nodemailer's transports.
 */
export const DELIVERY_EHLO_NAME = `sender.${DEFAULT_DOMAIN}`;

/** `alice` -> `alice@mailsim.test`; anything with an `@` is taken as the full address. */
export function userAddress(user: string): string {
  return user.includes('@') ? user : `${user}@${DEFAULT_DOMAIN}`;
}
