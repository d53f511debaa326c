import type { Clock } from '../sim/clock.js';

/**
 * Failed-login throttling per remote address, as Dovecot's auth penalty does it
 * (src/auth/auth-penalty.h, auth-penalty.c): each failure from an address holds the failure reply
 * longer - 2 s, then doubling up to 15 s - and the record is forgotten after 29 s without a new
 * failure (AUTH_PENALTY_TIMEOUT = 2 + 4 + 8 + 15 s). A typo costs a person two seconds; a
 * password guesser gets a handful of tries a minute per connection instead of hundreds a second.
 * A successful login does not clear the record (nor does it in Dovecot): an attacker holding one
 * valid account could otherwise reset the delay between guesses at another.
 */
export interface LoginThrottleOptions {
  /** Delay of the first failure's reply. */
  readonly initialDelayMs: number;
  /** Longest delay; each further failure doubles the last up to this. */
  readonly maxDelayMs: number;
  /** A record with no failure for this long is forgotten. */
  readonly forgetAfterMs: number;
}

export const DEFAULT_LOGIN_THROTTLE: LoginThrottleOptions = { initialDelayMs: 2_000, maxDelayMs: 15_000, forgetAfterMs: 29_000 };

/**
 * Addresses remembered at once. A scan from many addresses must not grow the table without
 * bound; past this the address remembered longest ago is dropped first (its guesses were slowed
 * already, and it starts again from the first delay).
 */
export const MAX_THROTTLED_ADDRESSES = 10_000;

interface Record {
  failures: number;
  last: number;
}

export class LoginThrottle {
  private readonly records = new Map<string, Record>();

  constructor(
    private readonly clock: Clock,
    readonly options: LoginThrottleOptions = DEFAULT_LOGIN_THROTTLE,
  ) {}

  /** Records a failed login from `address`; returns how long to hold its failure reply (ms). */
  failed(address: string | undefined): number {
    const key = address ?? 'unknown';
    const now = this.clock.now();
    const known = this.records.get(key);
    const failures = known && now - known.last < this.options.forgetAfterMs ? known.failures + 1 : 1;
    this.records.delete(key);
    this.records.set(key, { failures, last: now });
    if (this.records.size > MAX_THROTTLED_ADDRESSES) this.records.delete(this.records.keys().next().value!);
    const { initialDelayMs, maxDelayMs } = this.options;
    return Math.min(maxDelayMs, initialDelayMs * 2 ** Math.min(failures - 1, 30));
  }

  /** Addresses currently remembered (for usage reports and tests). */
  get size(): number {
    return this.records.size;
  }
}
