/**
 * The one explicit context of a run: seed streams, scheduler, event sink, policy
 * draws, module registry, host, and the FFI bound to each module. No run's state is
 * module-level (what is, is constant, or a cache of a pure function such as the
 * invariant sink's routes), so concurrent runs (ava runs tests concurrently) share
 * nothing that could change what they do.
 */
import { DEFAULT_BUDGETS, type Budgets } from '../budget.js';
import type { EventSink, TraceEvent } from '../events.js';
import { bindGuestFfi, type BlockingNesting, type GuestFfi } from '../guest/ffi.js';
import type { ModuleRunHost } from '../host/api.js';
import { RecordedDraws, SeededDraws, type DrawSource } from '../host/draws.js';
import { DEFAULT_POLICIES, type Policies } from '../host/policies.js';
import { ReferenceHost, type HostEnv } from '../host/reference-host.js';
import { ModuleRegistry } from '../modules/registry.js';
import { SeedStreams } from '../random.js';
import { isStackOverflow } from '../stack.js';
import { eventText } from '../text.js';
import { makeSelector } from '../scheduler/make-selector.js';
import { SimScheduler } from '../scheduler/sim-scheduler.js';
import { FifoSelector } from '../scheduler/selectors/fifo.js';
import type { Selector } from '../scheduler/selector.js';
import type { StrategySpec } from '../scheduler/strategy.js';
import { ReplayCursor, ReplayDraws, ReplaySelector, type ReplayPlan } from './replay-plan.js';

export type HostFactory = (env: HostEnv) => ModuleRunHost;

export interface ContextOptions {
  readonly seed: number | string;
  readonly strategy?: StrategySpec;
  readonly policies?: Policies;
  readonly budgets?: Partial<Budgets>;
  /** Receive every event (recorder, replay comparator, tests). */
  readonly sinks?: readonly EventSink[];
  /** Take decisions and draws from a trace instead of the seed. */
  readonly replay?: ReplayPlan;
  /** Another host implementation (a host under development, a deliberately broken one). */
  readonly host?: HostFactory;
  /** A scripted selector (the shrinker's); replaces the strategy's. */
  readonly selector?: Selector;
  /** Wraps the seeded draws (the shrinker scripts some values and falls back to the seed). */
  readonly draws?: (seeded: DrawSource) => DrawSource;
}

/**
 * Fans events out to every sink, counting them; after `close`, drops them.
 *
 * Gotchas: the stack can run out inside a sink (sim/stack.ts), after the sinks before it
 * got the event and before the rest did. The event is then kept as torn, and the rest of
 * the sinks get it before the next event (the run's outcome, once the stack has
 * unwound), so every sink, the trace among them, holds the same events. A sink whose
 * `emit` overflows is given the event again: it must keep nothing of it (the recorder
 * drops a partly written event).
 */
export class FanoutSink implements EventSink {
  count = 0;
  private closed = false;
  /** An event the stack ran out delivering, and the first sink that has not got it. */
  private torn: { readonly event: TraceEvent; from: number } | undefined;
  constructor(private readonly sinks: EventSink[]) {}
  add(sink: EventSink): void {
    this.sinks.push(sink);
  }
  emit(event: TraceEvent): void {
    // The run has ended (its outcome was the last event): a host that left something
    // running on real time must not reach a recorder that has finished its trace.
    if (this.closed) return;
    if (this.torn !== undefined) this.deliverTorn(this.torn);
    this.count++;
    this.deliver(event, 0);
  }
  close(): void {
    this.closed = true;
  }

  private deliver(event: TraceEvent, from: number): void {
    const sinks = this.sinks;
    let i = from;
    try {
      for (; i < sinks.length; i++) (sinks[i] as EventSink).emit(event);
    } catch (error) {
      if (isStackOverflow(error)) this.torn = { event, from: i };
      throw error;
    }
  }

  private deliverTorn(torn: { readonly event: TraceEvent; from: number }): void {
    this.torn = undefined;
    this.deliver(torn.event, torn.from);
  }
}

export interface SimContext {
  readonly streams: SeedStreams;
  readonly strategy: StrategySpec;
  readonly policies: Policies;
  readonly budgets: Budgets;
  readonly scheduler: SimScheduler;
  readonly sink: FanoutSink;
  readonly registry: ModuleRegistry;
  readonly host: ModuleRunHost;
  readonly cursor: ReplayCursor | undefined;
  ffiFor(module: string): GuestFfi;
  log(module: string, message: string): void;
  /**
   * Ends the run for the FFI: every call made after this, through any module's `ffi`
   * (one a guest or module kept), throws RunEndedError instead of reaching the host.
   */
  close(): void;
  /** As `close` for the FFI only: events still reach the sink (the run's last ones: the host's dispose, the outcome). */
  endCalls(): void;
}

export function createContext(options: ContextOptions): SimContext {
  const streams = new SeedStreams(options.seed);
  const strategy = options.strategy ?? { kind: 'fifo' };
  const policies = options.policies ?? DEFAULT_POLICIES;
  const budgets: Budgets = { ...DEFAULT_BUDGETS, ...options.budgets };
  const cursor = options.replay === undefined ? undefined : new ReplayCursor(options.replay);
  const selector =
    cursor !== undefined
      ? new ReplaySelector(cursor, new FifoSelector())
      : (options.selector ?? makeSelector(strategy, streams.stream('scheduler')));
  const scheduler = new SimScheduler(selector, { maxSteps: budgets.maxSteps, maxTime: budgets.maxTime });
  const sink = new FanoutSink([...(options.sinks ?? [])]);
  const now = (): number => scheduler.now();
  scheduler.onDecision = (d) => sink.emit({ t: 'sched.decision', ...d });
  for (const s of options.sinks ?? []) s.attach?.({ stop: (o) => scheduler.abort(o), now });

  const seeded: DrawSource = options.draws?.(new SeededDraws(streams)) ?? new SeededDraws(streams);
  const draws = new RecordedDraws(cursor === undefined ? seeded : new ReplayDraws(cursor, seeded), sink, now);
  const registry = new ModuleRegistry();
  const ffis = new Map<string, GuestFfi>();
  const nesting: BlockingNesting = { depth: 0 };
  const status = { closed: false };
  const ffiFor = (module: string): GuestFfi => {
    let ffi = ffis.get(module);
    if (ffi === undefined) {
      ffi = bindGuestFfi(host, module, sink, now, nesting, status);
      ffis.set(module, ffi);
    }
    return ffi;
  };
  const log = (module: string, message: string): void => sink.emit({ t: 'log', at: now(), module, message: eventText(message) });
  const hostEnv: HostEnv = { scheduler, sink, draws, policies, registry, ffiFor, rng: streams.stream('inputs') };
  // ffiFor closes over `host`; it is first called after this line.
  const host: ModuleRunHost = (options.host ?? ((env) => new ReferenceHost(env)))(hostEnv);
  const endCalls = (): void => {
    status.closed = true;
  };
  const close = (): void => {
    endCalls();
    sink.close();
  };
  return { streams, strategy, policies, budgets, scheduler, sink, registry, host, cursor, ffiFor, log, endCalls, close };
}
