import type { Candidate, Selector } from '../selector.js';

/** The earliest-scheduled action first: RxJS VirtualTimeScheduler's own order. */
export class FifoSelector implements Selector {
  select(_candidates: readonly Candidate[]): number {
    return 0;
  }
}
