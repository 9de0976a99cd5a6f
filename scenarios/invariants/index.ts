/** Invariants scenarios add to the host contract. */
import type { Invariant } from '../../sim/invariants/invariant.js';
import { launchResolvesTarget } from './launch-resolves-target.js';
import { readyAfterCompletion } from './ready-after-completion.js';

export { allRetrieved } from './all-retrieved.js';
export { faultsExplained } from './faults-explained.js';
export { launchResolvesTarget } from './launch-resolves-target.js';
export { readyAfterCompletion } from './ready-after-completion.js';

/** Cheap checks every catalogue scenario runs with. */
export const COMMON_INVARIANTS: readonly Invariant[] = [readyAfterCompletion, launchResolvesTarget];
