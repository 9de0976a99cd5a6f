/**
 * Guests written in TypeScript, for scenarios: a generator that calls the FFI
 * synchronously (the same values a Wasm guest sees) and yields to let time pass.
 *
 *   yield;            resume at the next frame
 *   yield 5;          resume 5 frames later
 *   yield waitFor(() => ffi.isReady(r).isReady, 'request ready')
 *                     resume at the first frame where the condition holds; if nothing
 *                     is scheduled that could make it hold, the run ends in deadlock
 *
 * Returning finishes the guest; throwing (or `env.fail`) is a guest panic.
 */
import type { Rng } from '../random.js';
import type { GuestFfi } from './ffi.js';

export interface WaitFor {
  readonly kind: 'wait';
  readonly until: () => boolean;
  readonly label: string;
}

export type GuestYield = void | undefined | number | WaitFor;

export interface GuestEnv {
  readonly module: string;
  /** Index of the current frame. */
  frame(): number;
  /** Virtual microseconds. */
  now(): number;
  /** The scenario-input stream: inputs a guest makes up come from here. */
  readonly rng: Rng;
  log(message: string): void;
  /** Fails the run as a guest panic with this message. */
  fail(message: string): never;
}

export type GuestProgram = (ffi: GuestFfi, env: GuestEnv) => Generator<GuestYield, void, undefined>;

export function waitFor(until: () => boolean, label = 'condition'): WaitFor {
  return { kind: 'wait', until, label };
}

/** What `env.fail` throws; the runner reports it as a `panic` failure of the guest. */
export class GuestPanic extends Error {
  override readonly name = 'GuestPanic';
}
