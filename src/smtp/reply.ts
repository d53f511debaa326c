/** A reply: its code, its enhanced status code (RFC 3463; none for 3xx, the greeting and EHLO/HELO's 250, RFC 2034) and its lines. */
export interface SmtpReply {
  readonly code: number;
  readonly status?: string;
  readonly lines: readonly string[];
}

export function reply(code: number, status: string | undefined, ...lines: string[]): SmtpReply {
  return status === undefined ? { code, lines } : { code, status, lines };
}
