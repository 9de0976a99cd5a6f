/**
 * What a run simulates: the launched modules, the guest driving them, and the
 * invariants to hold. Scenarios and `--wasm` runs both build one of these.
 */
import type { GuestSpec } from '../guest/driver.js';
import type { Invariant } from '../invariants/invariant.js';
import type { ModuleSpec } from '../modules/module.js';

export interface Simulation {
  readonly modules: readonly ModuleSpec[];
  readonly guest: GuestSpec;
  /** Checked in addition to the host contract. */
  readonly invariants?: readonly Invariant[];
}
