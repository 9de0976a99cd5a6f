/** A host with JS modules on a FIFO virtual scheduler, for driving the FFI call by call. */
import type { TraceEvent } from '../../sim/events.js';
import { DEFAULT_POLICIES, type Policies } from '../../sim/host/policies.js';
import type { ModuleSpec } from '../../sim/modules/module.js';
import { createContext, type HostFactory, type SimContext } from '../../sim/run/context.js';
import { worker } from '../../scenarios/modules/worker.js';

export interface Harness extends SimContext {
  readonly events: TraceEvent[];
  /** The FFI as module `guest`. */
  readonly guest: ReturnType<SimContext['ffiFor']>;
}

export function harness(
  options: { policies?: Partial<Policies>; modules?: ModuleSpec[]; seed?: number | string; host?: HostFactory } = {},
): Harness {
  const events: TraceEvent[] = [];
  const ctx = createContext({
    seed: options.seed ?? 1,
    policies: { ...DEFAULT_POLICIES, latency: { kind: 'fixed', us: 1000 }, ...options.policies },
    sinks: [{ emit: (e) => events.push(e) }],
    ...(options.host === undefined ? {} : { host: options.host }),
  });
  const wasmStack = { used: 0 };
  const modules = (options.modules ?? [worker]).map((m) =>
    m.instantiate({
      scheduler: ctx.scheduler,
      ffiFor: ctx.ffiFor,
      log: ctx.log,
      fuel: 1_000_000,
      wasmStack,
      sink: ctx.sink,
      now: () => ctx.scheduler.now(),
    }),
  );
  for (const m of modules) ctx.registry.add(m);
  // As runSimulation does: every module exists before any initialises.
  for (const m of modules) m.initialize?.();
  return { ...ctx, events, guest: ctx.ffiFor('guest') };
}

export const bytes = (...values: number[]): Uint8Array => new Uint8Array(values);
export const text = (s: string): Uint8Array => new TextEncoder().encode(s);
export const str = (b: Uint8Array): string => new TextDecoder().decode(b);

/** JSON for events: bigints and byte arrays made readable and comparable. */
export function eventsJson(events: readonly unknown[]): string {
  return JSON.stringify(events, (_k, v: unknown) =>
    typeof v === 'bigint' ? `${v}n` : v instanceof Uint8Array ? `0x${Buffer.from(v).toString('hex')}` : v,
  );
}
