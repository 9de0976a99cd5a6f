import type { Rng } from '../../random.js';
import type { Candidate, Selector } from '../selector.js';

/** A uniformly random candidate, from the scheduler's seeded stream. */
export class RandomSelector implements Selector {
  constructor(private readonly rng: Rng) {}
  select(candidates: readonly Candidate[]): number {
    return this.rng.below(candidates.length);
  }
}
