/**
 * Runtime lists of the string unions that events and outcomes use, so decoded values can
 * be checked. Each list is checked against its type at compile time: a member added to
 * the type in sim/ fails the build here until the list (and traces/FORMAT.md) has it.
 */
import type { FfiCallName, ModuleFaultEvent } from '../sim/events.js';
import type { FailureReason } from '../sim/outcome.js';
import type { ErrorTiming, HandleNumbering, LatencySpec } from '../sim/host/policies.js';

/** Compiles only when `T` is `never`; names what is missing otherwise. */
export type AssertNever<T extends never> = T;

export const FFI_CALL_NAMES = [
  'create_function',
  'remove_function',
  'blocking_launch',
  'launch',
  'is_ready',
  'retrieve',
] as const satisfies readonly FfiCallName[];
export type FfiCallNamesComplete = AssertNever<Exclude<FfiCallName, (typeof FFI_CALL_NAMES)[number]>>;

export type ModuleFaultKind = ModuleFaultEvent['kind'];
export const MODULE_FAULT_KINDS = [
  'code',
  'trap',
  'panic',
  'error',
  'not-found',
  'injected',
] as const satisfies readonly ModuleFaultKind[];
export type ModuleFaultKindsComplete = AssertNever<Exclude<ModuleFaultKind, (typeof MODULE_FAULT_KINDS)[number]>>;

export const FAILURE_REASONS = [
  'invariant',
  'panic',
  'trap',
  'deadlock',
  'budget-exhausted',
  'pending-requests',
  'divergence',

] as const satisfies readonly FailureReason[];
export type FailureReasonsComplete = AssertNever<Exclude<FailureReason, (typeof FAILURE_REASONS)[number]>>;

export const ERROR_TIMINGS = ['eager', 'deferred'] as const satisfies readonly ErrorTiming[];
export type ErrorTimingsComplete = AssertNever<Exclude<ErrorTiming, (typeof ERROR_TIMINGS)[number]>>;

export const HANDLE_NUMBERINGS = ['sequential', 'random'] as const satisfies readonly HandleNumbering[];
export type HandleNumberingsComplete = AssertNever<Exclude<HandleNumbering, (typeof HANDLE_NUMBERINGS)[number]>>;

export const LATENCY_KINDS = ['fixed', 'uniform'] as const satisfies readonly LatencySpec['kind'][];
export type LatencyKindsComplete = AssertNever<Exclude<LatencySpec['kind'], (typeof LATENCY_KINDS)[number]>>;
