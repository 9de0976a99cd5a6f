/**
 * faults=P: "InternalError on a fraction of launches, drawn from the seed". What one
 * run shows exactly: every injected fault the host reports (`module.fault`, kind
 * `injected`) was decided by a fault draw that said true, one draw per fault; and under
 * faults=0 no draw says true (the host drew with a probability of its own).
 *
 * Not judged: whether the host draws for every launch, and whether a true draw failed
 * the launch it was drawn for. A draw names no call, and the draws of a blocking launch
 * and of the launches made inside it interleave, so which launch a draw decided is not
 * in the events; the fraction itself is a statistic. Nor is a fault the host does not
 * report as `module.fault` seen.
 */
import type { TraceEvent } from '../../events.js';
import type { PolicyChecker } from './checker.js';

export class FaultsChecker implements PolicyChecker {
  readonly policy = 'faults' as const;
  /** True fault draws no injected fault has used yet. */
  private unused = 0;

  constructor(private readonly faults: number) {}

  observe(e: TraceEvent): string | undefined {
    if (e.t === 'draw.fault') {
      if (!e.value) return undefined;
      if (this.faults === 0) return `a fault draw said true at t=${e.at} under faults=0 (the host drew with a probability of its own)`;
      this.unused++;
      return undefined;
    }
    if (e.t !== 'module.fault' || e.kind !== 'injected') return undefined;
    if (this.unused === 0) {
      return `launch of ${e.module}::${e.fn} failed with an injected fault at t=${e.at} under faults=${this.faults}, but no fault draw said so`;
    }
    this.unused--;
    return undefined;
  }
}
