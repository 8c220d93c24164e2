/**
 * Errors meant for the user: printed as one clear line, never as a stack trace.
 * A UsageError marks a bad option, argument or model name (exit code 2); any other Error is a
 * failure at run time (exit code 1) and carries such a message too.
 */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Exit codes of the aekit command. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;
