/** Bad usage or bad input: one line on stderr, exit code 2, never a stack trace. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Exit codes of ../shared/CLI.md. */
export const Exit = { Pass: 0, Failure: 1, BadInput: 2 } as const;

/** Errors a user can act on (bad input), by name: one line and exit 2; anything else is a bug in arksim. */
export const USER_ERROR_NAMES: ReadonlySet<string> = new Set(['UsageError', 'WasmLoadError', 'TraceFormatError', 'PolicyParseError', 'StrategyParseError']);

/**
 * A user error thrown in a worker thread, as it crosses back: an Error's class and name do
 * not survive the structured clone (every error arrives as a plain `Error`), so the worker
 * sends this plain object instead, and the pool throws it again as a `UsageError`.
 */
export interface WorkerUserError {
  readonly kind: 'arksim-user-error';
  readonly message: string;
}

export function isWorkerUserError(value: unknown): value is WorkerUserError {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'arksim-user-error' && typeof (value as { message?: unknown }).message === 'string';
}
