/** How outcomes look on a terminal and in --json. */
import { describeOutcome, type FailureOutcome, type RunOutcome } from '../sim/outcome.js';
import { paint } from './style.js';
import { oneLine } from './view/values.js';

export function outcomeLine(o: RunOutcome): string {
  // oneLine: a panic message is the guest's text, and must not reach the terminal raw.
  return o.kind === 'pass' ? paint('green', 'pass') : paint('red', oneLine(describeOutcome(o).replace(/^failure/, 'FAIL')));
}

/** CLI.md's JSON outcome: `reason` is always there, `"pass"` for a pass (a run's `RunOutcome` has none). */
export type OutcomeJson = { readonly kind: 'pass'; readonly reason: 'pass' } | FailureOutcome;

/** The outcome as CLI.md's JSON shape: kind, reason, message, file, line (and column, module). */
export function outcomeJson(o: RunOutcome): OutcomeJson {
  return o.kind === 'pass' ? { kind: 'pass', reason: 'pass' } : { ...o };
}

/** `value` as the CLI's JSON: 2-space indented, bigints as decimal strings, bytes as hex. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v), 2);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${jsonText(value)}\n`);
}

export function us(n: number): string {
  return `${n.toLocaleString('en-US')} us`;
}
