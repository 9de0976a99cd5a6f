/**
 * The host interface: the six `module-run-v0` calls at the value level (pointers
 * already read from the caller's memory), each taking the calling module's name.
 * The reference host implements it; so can a host under development (conformance
 * replay) or a deliberately broken host (tests).
 */
import type { ErrorCode } from './codes.js';

export interface IsReadyValue {
  readonly ready: boolean;
  readonly size: number;
}

export type FfiResult<T> =
  | { readonly code: typeof ErrorCode.Success; readonly value: T }
  | { readonly code: Exclude<ErrorCode, typeof ErrorCode.Success> };

export interface ModuleRunHost {
  createFunction(caller: string, fnType: number, module: string, name: string): FfiResult<bigint>;
  removeFunction(caller: string, handle: bigint): ErrorCode;
  blockingLaunch(caller: string, handle: bigint, input: Uint8Array): FfiResult<bigint>;
  launch(caller: string, handle: bigint, input: Uint8Array): FfiResult<bigint>;
  isReady(caller: string, request: bigint): FfiResult<IsReadyValue>;
  retrieve(caller: string, request: bigint, len: number): FfiResult<Uint8Array>;
  /** Requests launched and not yet completed, for the end-of-run report. */
  pendingRequests(): readonly bigint[];
  /**
   * The run has ended: cancel whatever is still scheduled or subscribed. A module stream
   * on real time (RxJS's default scheduler, a Promise) would otherwise call back into the
   * finished run later, from a real timer.
   */
  dispose?(): void;
}

export function ok<T>(value: T): FfiResult<T> {
  return { code: 0, value };
}

export function err<T>(code: Exclude<ErrorCode, 0>): FfiResult<T> {
  return { code };
}
