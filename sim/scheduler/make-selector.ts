import type { Rng } from '../random.js';
import type { Selector } from './selector.js';
import { FifoSelector } from './selectors/fifo.js';
import { PctSelector } from './selectors/pct.js';
import { RandomSelector } from './selectors/random.js';
import type { StrategySpec } from './strategy.js';

export function makeSelector(strategy: StrategySpec, rng: Rng): Selector {
  switch (strategy.kind) {
    case 'fifo':
      return new FifoSelector();
    case 'random':
      return new RandomSelector(rng);
    case 'pct':
      return new PctSelector(rng, strategy.depth, strategy.steps);
  }
}
