/**
 * Everything a run does that a trace records, in the order it happened.
 *
 * Each event has a namespaced tag `t` and a fixed set of fields (no optional ones at
 * the top level; only the outcome inside `run.outcome` has them), so msgpackr records
 * encode each kind with one structure. Handles are always `bigint`
 * (nonzero u64; `0n` where the call failed and wrote nothing); times are integer
 * virtual microseconds. Events are never mutated after they are emitted.
 */
import type { FailureOutcome, RunOutcome } from './outcome.js';

/** The six `module-run-v0` calls, by their ABI names without the `module_run__` prefix. */
export type FfiCallName =
  | 'create_function'
  | 'remove_function'
  | 'blocking_launch'
  | 'launch'
  | 'is_ready'
  | 'retrieve';

export interface CreateFunctionEvent {
  readonly t: 'ffi.create_function';
  readonly at: number;
  readonly caller: string;
  readonly fnType: number;
  readonly module: string;
  readonly name: string;
  readonly code: number;
  readonly handle: bigint;
}

export interface RemoveFunctionEvent {
  readonly t: 'ffi.remove_function';
  readonly at: number;
  readonly caller: string;
  readonly handle: bigint;
  readonly code: number;
}

/** `launch` and `blocking_launch`; `at` is the time of the call, `end` when it returned. */
export interface LaunchEvent {
  readonly t: 'ffi.launch';
  readonly at: number;
  readonly end: number;
  readonly caller: string;
  readonly blocking: boolean;
  readonly handle: bigint;
  readonly input: Uint8Array;
  readonly code: number;
  readonly request: bigint;
}

export interface IsReadyEvent {
  readonly t: 'ffi.is_ready';
  readonly at: number;
  readonly caller: string;
  readonly request: bigint;
  readonly code: number;
  readonly ready: boolean;
  readonly size: number;
}

export interface RetrieveEvent {
  readonly t: 'ffi.retrieve';
  readonly at: number;
  readonly caller: string;
  readonly request: bigint;
  readonly len: number;
  readonly code: number;
  readonly output: Uint8Array;
}

/**
 * A call answered without the host's answer, with `reason` saying why. InvalidArguments:
 * the call never reached the host: the Wasm binding refused it (a pointer range outside
 * the caller's memory, a name that is not UTF-8), or the GuestFfi did (an argument a Wasm
 * guest could not pass, from a TS guest or JS module: not a u64 bigint handle, not a u32
 * `fn_type` or length, not bytes, a name with a lone surrogate; or a payload larger than
 * a trace records). InternalError: the host threw ("internal error: ...").
 * `args`: from the Wasm binding, the raw lowered arguments; from the GuestFfi, the call's
 * arguments in order, numbers (but NaN) and i64/u64 bigints as passed and anything else
 * (strings, bytes, NaN, other bigints) as 0.
 */
export interface RejectedCallEvent {
  readonly t: 'ffi.rejected';
  readonly at: number;
  readonly caller: string;
  readonly call: FfiCallName;
  readonly args: readonly (number | bigint)[];
  readonly reason: string;
  readonly code: number;
}

/** A choice among two or more actions runnable at the same instant. */
export interface DecisionEvent {
  readonly t: 'sched.decision';
  readonly at: number;
  /** Index of the scheduler step (action execution) this decision starts. */
  readonly step: number;
  /** Sequence numbers of the candidates, ascending. */
  readonly candidates: readonly number[];
  readonly chosen: number;
}

/** A value the host drew from the seed for a policy; replay takes it from here. */
export interface LatencyDrawEvent {
  readonly t: 'draw.latency';
  readonly at: number;
  readonly value: number;
}
export interface FaultDrawEvent {
  readonly t: 'draw.fault';
  readonly at: number;
  readonly value: boolean;
}
export interface HandleDrawEvent {
  readonly t: 'draw.handle';
  readonly at: number;
  readonly value: bigint;
}

export interface RequestLaunchedEvent {
  readonly t: 'req.launched';
  readonly at: number;
  readonly request: bigint;
  readonly caller: string;
  readonly module: string;
  readonly fn: string;
  readonly blocking: boolean;
  /** When the function is due to start (launch time + drawn latency). */
  readonly due: number;
}

export interface RequestCompletedEvent {
  readonly t: 'req.completed';
  readonly at: number;
  readonly request: bigint;
  /** The module that launched the request (its handle is that module's: hosts may number each module's requests on their own). */
  readonly caller: string;
  readonly code: number;
  readonly output: Uint8Array;
}

/**
 * A launched function that failed: returned a nonzero code, trapped, panicked, threw,
 * or its stream errored. The request completes with InternalError; this says why.
 */
export interface ModuleFaultEvent {
  readonly t: 'module.fault';
  readonly at: number;
  /** 0 for an eager launch error, which never issued a request. */
  readonly request: bigint;
  /** The module that launched the function. */
  readonly caller: string;
  readonly module: string;
  readonly fn: string;
  readonly kind: 'code' | 'trap' | 'panic' | 'error' | 'not-found' | 'injected';
  readonly message: string;
}

export interface FrameEvent {
  readonly t: 'frame';
  readonly at: number;
  readonly index: number;
}

/** Free text a guest or scenario logs; part of the run, so it is compared on replay. */
export interface LogEvent {
  readonly t: 'log';
  readonly at: number;
  readonly module: string;
  readonly message: string;
}

export interface OutcomeEvent {
  readonly t: 'run.outcome';
  readonly at: number;
  readonly outcome: RunOutcome;
}

export type FfiEvent =
  | CreateFunctionEvent
  | RemoveFunctionEvent
  | LaunchEvent
  | IsReadyEvent
  | RetrieveEvent
  | RejectedCallEvent;

export type DrawEvent = LatencyDrawEvent | FaultDrawEvent | HandleDrawEvent;

export type TraceEvent =
  | FfiEvent
  | DecisionEvent
  | DrawEvent
  | RequestLaunchedEvent
  | RequestCompletedEvent
  | ModuleFaultEvent
  | FrameEvent
  | LogEvent
  | OutcomeEvent;

export type TraceEventTag = TraceEvent['t'];

/** Every tag, for validators and the readable table (checked complete below). */
export const TRACE_EVENT_TAGS = [
  'ffi.create_function',
  'ffi.remove_function',
  'ffi.launch',
  'ffi.is_ready',
  'ffi.retrieve',
  'ffi.rejected',
  'sched.decision',
  'draw.latency',
  'draw.fault',
  'draw.handle',
  'req.launched',
  'req.completed',
  'module.fault',
  'frame',
  'log',
  'run.outcome',
] as const satisfies readonly TraceEventTag[];

// A tag added to TraceEvent but not to the list above fails to compile here.
type MissingTags = Exclude<TraceEventTag, (typeof TRACE_EVENT_TAGS)[number]>;
const tagsComplete: MissingTags extends never ? true : MissingTags = true;
void tagsComplete;

/** Where events go: the recorder, a replay comparator, invariant checkers. */
export interface EventSink {
  emit(event: TraceEvent): void;
  /**
   * Called once when the run's context exists, with a way to end the run. A sink must
   * not throw from `emit` to stop a run (events are emitted inside RxJS callbacks,
   * where a throw is not an abort); it calls `stop` and the run ends at the next safe point.
   */
  attach?(run: { stop(outcome: FailureOutcome): void; now(): number }): void;
}
