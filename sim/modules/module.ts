/**
 * A launched module: something `create_function` can name and `launch` can run.
 * JS-defined modules and Wasm modules implement the same interface, so they mix freely.
 */
import type { Observable, SchedulerLike } from 'rxjs';
import type { EventSink } from '../events.js';
import type { GuestFfi } from '../guest/ffi.js';
import type { Rng } from '../random.js';

/** What a running function can use: the FFI as its own module, virtual time, a seeded stream. */
export interface InvocationEnv {
  /** The FFI bound to the module being invoked: OwnModule resolves to it. */
  readonly ffi: GuestFfi;
  readonly scheduler: SchedulerLike;
  /** The request this invocation completes. */
  readonly request: bigint;
  /** The scenario-input stream; the same sequence for the same seed. */
  readonly rng: Rng;
  log(message: string): void;
}

/**
 * What an invoked function gives back: its output at once, or a stream whose last value
 * is the output (no value: empty output).
 */
export type Invocation = Uint8Array | Observable<Uint8Array>;

export interface LaunchableModule {
  readonly name: string;
  hasFunction(fn: string): boolean;
  /**
   * Runs `fn` on `input`; the host calls it when the launch latency has passed. Throwing,
   * or a stream that errors (see ModuleFault), completes the request with InternalError.
   * A stream's work starts when the host subscribes, at once.
   */
  invoke(fn: string, input: Uint8Array, env: InvocationEnv): Invocation;
  /**
   * One-time set-up (a Wasm module's `ark_initialize`), called once every module of the
   * run and the guest are instantiated, so it may launch functions of any of them.
   * A failure ends the run (SimAbort).
   */
  initialize?(): void;
}

/** Per-run state is created here: a Wasm module gets a fresh instance for every run. */
export interface ModuleSpec {
  readonly name: string;
  /** SHA-256 of the Wasm binary, for trace headers; absent for JS modules. */
  readonly sha256?: string;
  instantiate(env: ModuleInstantiationEnv): LaunchableModule;
}

export interface ModuleInstantiationEnv {
  readonly scheduler: SchedulerLike;
  /** The FFI as this module sees it (for `ark_initialize` and nested launches). */
  ffiFor(module: string): GuestFfi;
  log(module: string, message: string): void;
  readonly fuel: number;
  /** The run's Wasm stack use, shared by its Wasm instances (sim/wasm/fuel-host.ts). */
  readonly wasmStack: { used: number };
  /** The run's events, for calls a Wasm binding answers itself (`ffi.rejected`). */
  readonly sink: EventSink;
  /** Virtual microseconds. */
  now(): number;
}

/** Why a launched function failed; becomes a `module.fault` event and InternalError. */
export class ModuleFault extends Error {
  override readonly name = 'ModuleFault';
  constructor(
    readonly kind: 'code' | 'trap' | 'panic' | 'error',
    message: string,
  ) {
    super(message);
  }
}
