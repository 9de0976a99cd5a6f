/**
 * A selector decides which of several actions runnable at the same virtual instant
 * runs first. The scheduler engine is the same for every strategy; only this differs.
 */
export interface Candidate {
  /** Sequence number given when the action was (re)scheduled; unique in a run. */
  readonly seq: number;
  /** Identity of the scheduled action object; stable across its reschedules (PCT's "task"). */
  readonly task: number;
}

export interface DecisionPoint {
  /** Virtual time of the instant. */
  readonly at: number;
  /** Index of the scheduler step the chosen action will run as. */
  readonly step: number;
  /** How many decisions were made before this one in the run. */
  readonly index: number;
}

export interface Selector {
  /** Returns the index in `candidates` (length >= 2, ascending seq) of the action to run. */
  select(candidates: readonly Candidate[], point: DecisionPoint): number;
}
