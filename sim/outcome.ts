import { eventText } from './text.js';

/**
 * How a run ended. `pass`, or a `failure` with a reason a person (and `explore`'s
 * "fails the same way" check) can act on.
 */
export type FailureReason =
  /** A host or scenario invariant was violated. */
  | 'invariant'
  /** A Wasm guest called `core__register_panic`, or a TS guest threw. */
  | 'panic'
  /** A Wasm guest trapped without a panic report. */
  | 'trap'
  /** The guest waits on a condition and nothing is scheduled that could change it. */
  | 'deadlock'
  /** Steps, virtual time or frames ran out before the guest finished. */
  | 'budget-exhausted'
  /** Requests still in flight when no work was left. */
  | 'pending-requests'
  /** A replay stopped matching its trace. */
  | 'divergence';

export interface PassOutcome {
  readonly kind: 'pass';
}

export interface FailureOutcome {
  readonly kind: 'failure';
  readonly reason: FailureReason;
  readonly message: string;
  /** The module the failure came from (guest or launched module), where known. */
  readonly module?: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
}

export type RunOutcome = PassOutcome | FailureOutcome;

export const PASS: PassOutcome = { kind: 'pass' };

export function failure(
  reason: FailureReason,
  message: string,
  where: Omit<FailureOutcome, 'kind' | 'reason' | 'message'> = {},
): FailureOutcome {
  return { kind: 'failure', reason, message: eventText(message), ...where };
}

/**
 * Numbers standing alone in a message (decimal or 0x hex, not digits inside a word such
 * as `sha256`): per-run values like sizes, handles, indices and frame numbers.
 */
const STANDALONE_NUMBER = /\b(?:0x[0-9a-f]+|\d+)\b/gi;

/**
 * A bracketed list of bytes in hex (`[83 0a 08 03]`, the catalogue's `[00 01 .. fe ff]`,
 * Rust's `[a, ff, 3]` or `[0x1c, 0x02]`): per-run values too, whose tokens (`0a`, `ff`)
 * are not standalone numbers. Masked whole, so one host bug that garbles outputs is one
 * failure, not one per set of bytes.
 */
const HEX_BYTE_LIST = /\[\s*(?:0x)?[0-9a-f]{1,2}(?:(?:,\s*|\s+)(?:\.\.\s+)?(?:0x)?[0-9a-f]{1,2})*\s*\]/gi;

/**
 * What "the same failure" means to `explore`, `merge` and the shrinker: same reason and
 * module, and the same invariant (for violations, whose details name other values) or
 * the same message with its standalone numbers (and lists of hex bytes) masked. A guest check that prints the
 * values it got ("size 17, expected 16") fails with other numbers in every run, and one
 * host bug must not become a hundred distinct failures, each saved and shrunk. The
 * location of a panic is not part of it, so a failure still matches after the guest's
 * code moved.
 */
export function failureSignature(o: RunOutcome): string {
  if (o.kind === 'pass') return 'pass';
  const what = o.reason === 'invariant' ? (o.message.split(':')[0] ?? o.message) : o.message.replace(HEX_BYTE_LIST, '[#]').replace(STANDALONE_NUMBER, '#');
  return `${o.reason}|${o.module ?? ''}|${what}`;
}

export function sameFailure(a: RunOutcome, b: RunOutcome): boolean {
  return failureSignature(a) === failureSignature(b);
}

/** One line for a terminal. */
export function describeOutcome(o: RunOutcome): string {
  if (o.kind === 'pass') return 'pass';
  const where = o.file !== undefined ? ` at ${o.file}:${o.line ?? 0}:${o.column ?? 0}` : '';
  const mod = o.module !== undefined ? ` [${o.module}]` : '';
  return `failure (${o.reason})${mod}: ${o.message}${where}`;
}
