import type { DrawSource } from './draws.js';
import type { HandleNumbering } from './policies.js';
import { HandleSet } from '../handle-map.js';

/**
 * Issues nonzero u64 handles, never the same one twice in a run, from one space shared
 * by function handles and requests. `random` numbering catches guests that assume
 * handle values (small, sequential, or that requests and functions differ).
 */
export class HandleAllocator {
  private next = 1n;
  private readonly issued = new HandleSet();
  constructor(
    private readonly numbering: HandleNumbering,
    private readonly draws: DrawSource,
  ) {}

  allocate(): bigint {
    if (this.numbering === 'sequential') return this.next++;
    for (;;) {
      const h = this.draws.handle();
      if (!this.issued.has(h)) {
        this.issued.add(h);
        return h;
      }
    }
  }
}
