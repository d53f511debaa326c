/**
 * The mail domain a bare user name joins: `alice` becomes `alice@mailsim.test`, both in
 * `startServer().addUser('alice', …)` and in `mailsim serve --user alice:secret`.
 * `.test` is reserved for testing (RFC 2606), so the address can never reach a real mailbox;
 * it is also the name the SMTP service greets with.
 */
export const DEFAULT_DOMAIN = 'mailsim.test';

/** `alice` -> `alice@mailsim.test`; anything with an `@` is taken as the full address. */
export function userAddress(user: string): string {
  return user.includes('@') ? user : `${user}@${DEFAULT_DOMAIN}`;
}
