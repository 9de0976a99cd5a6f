/**
 * How the runner drives a guest: once per frame. TS programs and Wasm applets both
 * implement this.
 */
import type { EventSink } from '../events.js';
import type { LaunchableModule } from '../modules/module.js';
import type { SimScheduler } from '../scheduler/sim-scheduler.js';
import type { Rng } from '../random.js';
import type { GuestFfi } from './ffi.js';

export type FrameState =
  /** Keep driving it. */
  | { readonly kind: 'running' }
  /** It waits on a condition that does not hold yet. */
  | { readonly kind: 'waiting'; readonly label: string }
  /** It returned: a TS program is done. */
  | { readonly kind: 'finished' };

export interface GuestDriver {
  readonly module: string;
  /** True for a program that ends by itself; false for an applet, which runs its frames. */
  readonly finite: boolean;
  /**
   * The guest as a module others can launch (and OwnModule from it resolves to): a Wasm
   * applet that exports the entrypoints. Absent for a guest that is not launchable.
   */
  readonly launchable?: LaunchableModule | undefined;
  /** One-time set-up (a Wasm applet's `ark_initialize`), after every module's; a failure ends the run. */
  initialize?(): void;
  /** Runs one frame. Guest failures surface as SimAbort with the failure outcome. */
  frame(index: number): FrameState;
}

export interface GuestInstantiationEnv {
  /** The FFI bound to the guest's own module name. */
  readonly ffi: GuestFfi;
  readonly scheduler: SimScheduler;
  readonly rng: Rng;
  log(message: string): void;
  readonly fuel: number;
  /** The run's Wasm stack use, shared by its Wasm instances (sim/wasm/fuel-host.ts). */
  readonly wasmStack: { used: number };
  /** The run's events, for calls a Wasm binding answers itself (`ffi.rejected`). */
  readonly sink: EventSink;
  /** Virtual microseconds. */
  now(): number;
}

export interface GuestSpec {
  readonly name: string;
  /**
   * True for a guest that ends by itself (a TS program, an applet with a done export):
   * its frame budget is a deadline, not a run length, so the shrinker leaves it alone.
   */
  readonly finite: boolean;
  /** SHA-256 of a Wasm guest's binary, for trace headers. */
  readonly sha256?: string;
  instantiate(env: GuestInstantiationEnv): GuestDriver;
}
