import type { Rng } from '../../random.js';
import type { Candidate, DecisionPoint, Selector } from '../selector.js';

/**
 * Probabilistic concurrency testing (Burckhardt, Kothari, Musuvathi, Nagarakatte,
 * ASPLOS 2010), adapted to an event-driven scheduler: a "task" is a scheduled action
 * object, a "step" is a decision (an instant with two or more runnable actions; steps
 * with one candidate cannot be reordered, so counting them would waste change points).
 *
 * Every task gets a random initial priority above `depth` the first time it is a
 * candidate; the highest priority runs. `depth - 1` change points are drawn uniformly
 * among the first `steps` decisions; at change point i the task that would run is
 * demoted to priority `depth - i`, below every initial priority. A bug that needs
 * d ordering constraints among n steps and k tasks is hit with probability at least
 * 1 / (n * k^(d-1)).
 */
export class PctSelector implements Selector {
  private readonly priorities = new Map<number, number>();
  private readonly changePoints: ReadonlyMap<number, number>;

  constructor(
    private readonly rng: Rng,
    private readonly depth: number,
    steps: number,
  ) {
    const points = new Map<number, number>();
    // Distinct change points. With more points than steps every step becomes one and
    // the surplus points are dropped (each step can demote only once).
    for (let i = 1; i < depth && points.size < steps; i++) {
      let at = rng.below(steps);
      while (points.has(at)) at = rng.below(steps);
      points.set(at, i);
    }
    this.changePoints = points;
  }

  private priorityOf(task: number): number {
    let p = this.priorities.get(task);
    if (p === undefined) {
      // Floats in [depth, depth + 1): distinct with overwhelming probability, and the
      // order among them is a uniformly random permutation, as PCT asks.
      p = this.depth + this.rng.next();
      this.priorities.set(task, p);
    }
    return p;
  }

  private highest(candidates: readonly Candidate[]): number {
    let best = 0;
    let bestP = -Infinity;
    for (let i = 0; i < candidates.length; i++) {
      const p = this.priorityOf((candidates[i] as Candidate).task);
      if (p > bestP) {
        bestP = p;
        best = i;
      }
    }
    return best;
  }

  select(candidates: readonly Candidate[], point: DecisionPoint): number {
    let best = this.highest(candidates);
    const change = this.changePoints.get(point.index);
    if (change !== undefined) {
      this.priorities.set((candidates[best] as Candidate).task, this.depth - change);
      best = this.highest(candidates);
    }
    return best;
  }
}
