/**
 * What exploration, shrinking and replay run: a simulation to build afresh for each
 * run, with the policies and budgets it runs under. Built from a catalogue scenario or
 * from Wasm files; `ref` says how to rebuild it in another process (worker threads).
 */
import type { Budgets } from '../budget.js';
import type { Policies } from '../host/policies.js';
import type { Simulation } from '../run/simulation.js';

export type TargetRef =
  | { readonly kind: 'scenario'; readonly name: string }
  | {
      readonly kind: 'wasm';
      readonly guest: string;
      /** The guest's module name, when not its file's basename (a trace replayed from a renamed file). */
      readonly guestName?: string;
      readonly modules: readonly { readonly name: string; readonly path: string }[];
    };

export interface RunTarget {
  /** Scenario name, or the Wasm guest's module name. */
  readonly name: string;
  readonly ref: TargetRef | undefined;
  build(): Simulation;
  readonly policies: Policies;
  readonly budgets: Partial<Budgets>;
}
