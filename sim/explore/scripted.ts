/**
 * The shrinker's sources of choice: a schedule given as "at decision i, take the
 * candidate at position p" (everything else FIFO), and policy draws given as "draw k
 * is v" (everything else the simplest value). Positions rather than sequence numbers,
 * so a script still means something after an earlier change shifts the run.
 */
import type { DrawSource } from '../host/draws.js';
import type { LatencySpec } from '../host/policies.js';
import type { Candidate, DecisionPoint, Selector } from '../scheduler/selector.js';

export class ScriptedSelector implements Selector {
  constructor(private readonly positions: ReadonlyMap<number, number>) {}
  select(candidates: readonly Candidate[], point: DecisionPoint): number {
    const p = this.positions.get(point.index) ?? 0;
    return Math.min(p, candidates.length - 1);
  }
}

export interface DrawScript {
  /** Latency draw index → value; unscripted draws take the distribution's minimum. */
  readonly latencies: ReadonlyMap<number, number>;
  /** Fault draw index → true; unscripted draws inject no fault. */
  readonly faults: ReadonlySet<number>;
}

export class ScriptedDraws implements DrawSource {
  private latencyIndex = 0;
  private faultIndex = 0;
  constructor(
    private readonly script: DrawScript,
    private readonly seeded: DrawSource,
  ) {}
  latency(spec: LatencySpec): number {
    const v = this.script.latencies.get(this.latencyIndex++);
    return v ?? (spec.kind === 'fixed' ? spec.us : spec.min);
  }
  fault(): boolean {
    return this.script.faults.has(this.faultIndex++);
  }
  handle(): bigint {
    // Handle values are not shrunk one by one; the shrinker tries sequential numbering instead.
    return this.seeded.handle();
  }
}
