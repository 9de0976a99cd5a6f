/**
 * Replaying a trace: the scheduler's choices and the host's policy draws come from
 * the recorded events, not from the seed, so a trace stays replayable when the code
 * draws random numbers in a different order. While the run matches the trace, the
 * recorded values are used; at the first mismatch the run goes "off track" and every
 * later choice comes from the fallback (FIFO and the seeded draws: deterministic).
 */
import type { DecisionEvent, DrawEvent, TraceEvent } from '../events.js';
import type { DrawSource } from '../host/draws.js';
import type { LatencySpec } from '../host/policies.js';
import type { Candidate, DecisionPoint, Selector } from '../scheduler/selector.js';

export interface ReplayPlan {
  readonly decisions: readonly DecisionEvent[];
  readonly draws: readonly DrawEvent[];
}

export function planFromEvents(events: readonly TraceEvent[]): ReplayPlan {
  const decisions: DecisionEvent[] = [];
  const draws: DrawEvent[] = [];
  for (const e of events) {
    if (e.t === 'sched.decision') decisions.push(e);
    else if (e.t === 'draw.latency' || e.t === 'draw.fault' || e.t === 'draw.handle') draws.push(e);
  }
  return { decisions, draws };
}

/** Shared by the selector and the draws: one trace, one notion of "still on track". */
export class ReplayCursor {
  decision = 0;
  draw = 0;
  /** Why the run left the recorded schedule, if it did. */
  offTrack: string | undefined = undefined;
  constructor(readonly plan: ReplayPlan) {}
  leave(reason: string): void {
    this.offTrack ??= reason;
  }
}

function sameSeqs(recorded: readonly number[], candidates: readonly Candidate[]): boolean {
  if (recorded.length !== candidates.length) return false;
  for (let i = 0; i < recorded.length; i++) if (recorded[i] !== (candidates[i] as Candidate).seq) return false;
  return true;
}

export class ReplaySelector implements Selector {
  constructor(
    private readonly cursor: ReplayCursor,
    private readonly fallback: Selector,
  ) {}

  select(candidates: readonly Candidate[], point: DecisionPoint): number {
    const c = this.cursor;
    if (c.offTrack === undefined) {
      const d = c.plan.decisions[c.decision];
      if (d !== undefined && d.at === point.at && d.step === point.step && sameSeqs(d.candidates, candidates)) {
        const i = candidates.findIndex((x) => x.seq === d.chosen);
        if (i >= 0) {
          c.decision++;
          return i;
        }
      }
      c.leave(`decision ${point.index} at ${point.at} us does not match the trace`);
    }
    return this.fallback.select(candidates, point);
  }
}

export class ReplayDraws implements DrawSource {
  constructor(
    private readonly cursor: ReplayCursor,
    private readonly fallback: DrawSource,
  ) {}

  private next<T extends DrawEvent['t']>(tag: T): Extract<DrawEvent, { t: T }> | undefined {
    const c = this.cursor;
    if (c.offTrack !== undefined) return undefined;
    const d = c.plan.draws[c.draw];
    if (d !== undefined && d.t === tag) {
      c.draw++;
      return d as Extract<DrawEvent, { t: T }>;
    }
    c.leave(`draw ${c.draw} (${tag}) does not match the trace`);
    return undefined;
  }

  latency(spec: LatencySpec): number {
    return this.next('draw.latency')?.value ?? this.fallback.latency(spec);
  }
  fault(probability: number): boolean {
    return this.next('draw.fault')?.value ?? this.fallback.fault(probability);
  }
  handle(): bigint {
    return this.next('draw.handle')?.value ?? this.fallback.handle();
  }
}
