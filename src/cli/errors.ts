/**
 * Errors meant for the user: printed as one clear line, never as a stack trace.
 * Any Error thrown by aekit carries such a message; UsageError marks bad options and arguments.
 */
export class UsageError extends Error {
  override name = 'UsageError';
}
