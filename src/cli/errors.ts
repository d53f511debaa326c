/** Exit codes, documented in README and `mailsim --help`. */
export const EXIT = {
  OK: 0,
  /** An `expect:` check failed. */
  EXPECTATION_FAILED: 1,
  /** The scenario or the command line is wrong. */
  USAGE: 2,
  /** A bug in mailsim, or the machine refused something (e.g. no free port). */
  INTERNAL: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A problem with what the user typed: printed without a stack trace, exit 2. */
export class UsageError extends Error {
  readonly code = 'USAGE';
}
