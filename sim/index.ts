/** arksim's public API: everything a scenario, a host under test or a tool needs. */
export type { Budgets } from './budget.js';
export { DEFAULT_BUDGETS, DEFAULT_FRAME_US } from './budget.js';
export type { EventSink, TraceEvent, TraceEventTag, FfiCallName } from './events.js';
export { TRACE_EVENT_TAGS } from './events.js';
export type { FailureOutcome, FailureReason, RunOutcome } from './outcome.js';
export { describeOutcome, failure, failureSignature, PASS, sameFailure } from './outcome.js';
export { SimAbort, isSimAbort } from './abort.js';
export { normalizeSeed, SeedStreams, type Rng } from './random.js';

export { SimScheduler, SimAction } from './scheduler/sim-scheduler.js';
export type { Candidate, DecisionPoint, Selector } from './scheduler/selector.js';
export { FifoSelector } from './scheduler/selectors/fifo.js';
export { RandomSelector } from './scheduler/selectors/random.js';
export { PctSelector } from './scheduler/selectors/pct.js';
export { makeSelector } from './scheduler/make-selector.js';
export { formatStrategy, parseStrategy, strategyFrom, type StrategyInput, type StrategySpec } from './scheduler/strategy.js';

export { ErrorCode, FunctionSource, codeName } from './host/codes.js';
export type { FfiResult, IsReadyValue, ModuleRunHost } from './host/api.js';
export { ok, err } from './host/api.js';
export { ReferenceHost, type HostEnv } from './host/reference-host.js';
export { DEFAULT_POLICIES, applyPolicy, formatPolicies, parsePolicies, type Policies } from './host/policies.js';

export { defineModule, type JsFunction } from './modules/js-module.js';
export { after } from './modules/after.js';
export { ModuleFault, type InvocationEnv, type LaunchableModule, type ModuleSpec } from './modules/module.js';
export { RunEndedError, type GuestFfi } from './guest/ffi.js';
export { GuestPanic, waitFor, type GuestEnv, type GuestProgram } from './guest/program.js';
export { programGuest } from './guest/program-driver.js';
export type { GuestDriver, GuestSpec } from './guest/driver.js';
export type { Invariant, InvariantChecker } from './invariants/invariant.js';

export { runSimulation, type HostOptions, type RunOptions, type RunResult } from './run/run.js';
export { createContext, type HostFactory, type SimContext } from './run/context.js';
export type { Simulation } from './run/simulation.js';

export { explore, runBatch, type ExploreReport, type RunSummary } from './explore/explore.js';
export { planRun, parseShard, seedForRun, type ExploreConfig, type RunPlan } from './explore/plan.js';
export { reproduceRuns, shrink, shrinkRunOptions, type NotReproduced, type ShrinkOptions, type ShrinkResult, type Shrunk } from './explore/shrink.js';
export type { RunTarget, TargetRef } from './explore/target.js';

export { replayRun, type RecordedRun, type ReplayMode, type ReplayResult, type ScheduleUse } from './replay/replay.js';
export { fieldDifferences, type FieldDifference } from './replay/equal.js';
export { bytesDifference, type ByteDifference, type ByteWindow } from './replay/bytes-diff.js';
export { replayGuestOnly } from './replay/guest-only.js';
export { checkConformance, type ConformanceReport } from './replay/conformance.js';
export { DivergenceError } from './replay/divergence.js';
