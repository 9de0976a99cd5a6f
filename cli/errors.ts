/** Bad usage or bad input: one line on stderr, exit code 2, never a stack trace. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Exit codes of ../shared/CLI.md. */
export const Exit = { Pass: 0, Failure: 1, BadInput: 2 } as const;
