import type { FailureOutcome } from './outcome.js';

/**
 * Thrown to end a run early (budget exhausted, deadlock, divergence). It unwinds
 * through guest frames, which Wasm cannot catch, up to the runner, which turns it into
 * the run's outcome. Never used for an answer to a guest: those are error codes.
 */
export class SimAbort extends Error {
  override readonly name = 'SimAbort';
  constructor(readonly outcome: FailureOutcome) {
    super(outcome.message);
  }
}

export function isSimAbort(e: unknown): e is SimAbort {
  return e instanceof SimAbort;
}
