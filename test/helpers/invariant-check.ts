/** Feeding hand-made events to one invariant, as a run does, without a run. */
import type {
  CreateFunctionEvent,
  FaultDrawEvent,
  HandleDrawEvent,
  IsReadyEvent,
  LatencyDrawEvent,
  LaunchEvent,
  ModuleFaultEvent,
  RequestCompletedEvent,
  RequestLaunchedEvent,
  RetrieveEvent,
  TraceEvent,
} from '../../sim/events.js';
import type { ModuleRunHost } from '../../sim/host/api.js';
import type { Invariant } from '../../sim/invariants/invariant.js';

/** A host for `finish`, for invariants that do not ask it anything. */
const NO_HOST = {} as ModuleRunHost;

/**
 * The first violation over the events, then finish()'s. Only the tags the invariant
 * declares reach it, as in a run, so a tag missing from `observes` fails the tests using it.
 */
export function checkInvariant(invariant: Invariant, events: readonly TraceEvent[], host: ModuleRunHost = NO_HOST): string | undefined {
  const c = invariant.create();
  for (const e of events) {
    if (invariant.observes !== undefined && !invariant.observes.includes(e.t)) continue;
    const v = c.observe(e);
    if (v !== undefined) return v;
  }
  return c.finish?.(host);
}

/**
 * Events for invariant tests, the calling module first (a request value means something
 * only to its caller). Each returns its own event type, so a test can change a field:
 * `{ ...launch('guest', 1n, 2n), blocking: true }`.
 */
const EMPTY = new Uint8Array(0);

export const created = (caller: string, handle: bigint, module = 'worker', name = 'echo', fnType = 1): CreateFunctionEvent => ({
  t: 'ffi.create_function',
  at: 0,
  caller,
  fnType,
  module,
  name,
  code: 0,
  handle,
});
export const launch = (caller: string, handle: bigint, request: bigint, code = 0): LaunchEvent => ({
  t: 'ffi.launch',
  at: 0,
  end: 0,
  caller,
  blocking: false,
  handle,
  input: EMPTY,
  code,
  request,
});
export const launched = (caller: string, request: bigint, module = 'worker', fn = 'echo'): RequestLaunchedEvent => ({
  t: 'req.launched',
  at: 0,
  request,
  caller,
  module,
  fn,
  blocking: false,
  due: 0,
});
export const completed = (caller: string, request: bigint, code = 0): RequestCompletedEvent => ({ t: 'req.completed', at: 1, request, caller, code, output: EMPTY });
export const isReady = (caller: string, request: bigint, ready: boolean, code = 0): IsReadyEvent => ({
  t: 'ffi.is_ready',
  at: 1,
  caller,
  request,
  code,
  ready,
  size: 0,
});
export const retrieve = (caller: string, request: bigint, code: number): RetrieveEvent => ({
  t: 'ffi.retrieve',
  at: 1,
  caller,
  request,
  len: 0,
  code,
  output: EMPTY,
});
export const moduleFault = (caller: string, request: bigint, kind: ModuleFaultEvent['kind'], module = 'worker', fn = 'echo'): ModuleFaultEvent => ({
  t: 'module.fault',
  at: 1,
  request,
  caller,
  module,
  fn,
  kind,
  message: kind,
});
export const latencyDrawn = (value: number): LatencyDrawEvent => ({ t: 'draw.latency', at: 0, value });
export const faultDrawn = (value: boolean): FaultDrawEvent => ({ t: 'draw.fault', at: 0, value });
export const handleDrawn = (value: bigint): HandleDrawEvent => ({ t: 'draw.handle', at: 0, value });
