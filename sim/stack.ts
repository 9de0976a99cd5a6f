/**
 * Running out of JavaScript call stack, as a run's outcome. Deep Wasm recursion, or a
 * chain of calls through the host, can exhaust V8's stack anywhere: inside the guest,
 * inside host code the guest called, or inside a sink recording an event. Wherever it
 * happens, the run ends with the one outcome below, never a crash, and never an error
 * code handed back to the guest (host code interrupted half-way may have left its
 * state inconsistent, so nothing may run after it). Nor do the run's sinks disagree:
 * an event the stack ran out handing out reaches the remaining sinks first (FanoutSink).
 *
 * The outcome names no module and no depth: where the stack runs out depends on the
 * size of V8's compiled frames, which differ between tiers and Node versions, so only
 * a message that leaves them out is the same on every run. Deterministic limits come
 * before this one where arksim can count: nested blocking launches
 * (`MAX_BLOCKING_DEPTH`) and the frames of metered Wasm (`WASM_STACK_BYTES`). This
 * is what is left: unmetered Wasm, and recursion in JS modules and TS guests.
 */
import { SimAbort } from './abort.js';
import { failure, type FailureOutcome } from './outcome.js';

export const STACK_EXHAUSTED: FailureOutcome = Object.freeze(
  failure('budget-exhausted', 'JavaScript call stack exhausted: recursion or nested calls too deep'),
);

/** V8's stack overflow (a RangeError with this exact message, from JS or Wasm code). */
export function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && e.message === 'Maximum call stack size exceeded';
}

/** The SimAbort that ends a run whose stack ran out. */
export function stackExhausted(): SimAbort {
  return new SimAbort(STACK_EXHAUSTED);
}
