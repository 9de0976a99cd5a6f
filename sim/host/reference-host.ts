/**
 * The reference host: ABI.md part 2 exactly, with every policy playable. Launched work
 * runs as RxJS streams on the virtual scheduler. Members are protected so tests can
 * build deliberately broken hosts by overriding one behaviour.
 */
import { isObservable, Subscriber, type Subscription } from 'rxjs';
import { isSimAbort } from '../abort.js';
import { copyBytes, MAX_PAYLOAD_BYTES } from '../bytes.js';
import { isStackOverflow, STACK_EXHAUSTED } from '../stack.js';
import type { EventSink, ModuleFaultEvent } from '../events.js';
import type { GuestFfi } from '../guest/ffi.js';
import type { ModuleRegistry } from '../modules/registry.js';
import { AfterObservable } from '../modules/after.js';
import { ModuleFault, type Invocation, type InvocationEnv } from '../modules/module.js';
import type { Rng } from '../random.js';
import type { SimScheduler } from '../scheduler/sim-scheduler.js';
import { failure } from '../outcome.js';
import { eventText } from '../text.js';
import { err, ok, type FfiResult, type IsReadyValue, type ModuleRunHost } from './api.js';
import { ErrorCode, FunctionSource } from './codes.js';
import type { DrawSource } from './draws.js';
import { HandleAllocator } from './handles.js';
import type { Policies } from './policies.js';
import { HandleMap } from '../handle-map.js';

export interface HostEnv {
  readonly scheduler: SimScheduler;
  readonly sink: EventSink;
  /** Policy draws; already emitting `draw.*` events. */
  readonly draws: DrawSource;
  readonly policies: Policies;
  readonly registry: ModuleRegistry;
  /** The FFI bound to a module, for nested launches from inside launched functions. */
  ffiFor(module: string): GuestFfi;
  /** The scenario-input stream handed to launched functions. */
  readonly rng: Rng;
}

export interface FunctionEntry {
  readonly owner: string;
  readonly module: string;
  readonly fn: string;
}

export interface RequestEntry {
  readonly owner: string;
  readonly handle: bigint;
  readonly module: string;
  readonly fn: string;
  readonly due: number;
  done: boolean;
  code: ErrorCode;
  output: Uint8Array;
  subscription: Subscription | undefined;
}

const EMPTY: Uint8Array = new Uint8Array(0);

/** What a launched function sees; one per invocation, its `ffi` resolved when used. */
class LaunchEnv implements InvocationEnv {
  constructor(
    private readonly host: HostEnv,
    private readonly entry: RequestEntry,
  ) {}
  get ffi(): GuestFfi {
    return this.host.ffiFor(this.entry.module);
  }
  get scheduler(): SimScheduler {
    return this.host.scheduler;
  }
  get request(): bigint {
    return this.entry.handle;
  }
  get rng(): Rng {
    return this.host.rng;
  }
  // A field, not a method: functions may destructure `log` from their env.
  readonly log = (message: string): void => {
    this.host.sink.emit({ t: 'log', at: this.host.scheduler.now(), module: this.entry.module, message: eventText(message) });
  };
}
type FailCode = typeof ErrorCode.NotFound | typeof ErrorCode.InternalError;

export class ReferenceHost implements ModuleRunHost {
  protected readonly functions = new HandleMap<FunctionEntry>();
  /** Requests not yet consumed; a consumed request is deleted, so it reads as unknown. */
  protected readonly requests = new HandleMap<RequestEntry>();
  protected readonly handles: HandleAllocator;

  constructor(protected readonly env: HostEnv) {
    this.handles = new HandleAllocator(env.policies.handles, env.draws);
  }

  protected now(): number {
    return this.env.scheduler.now();
  }

  createFunction(caller: string, fnType: number, module: string, name: string): FfiResult<bigint> {
    if (fnType !== FunctionSource.OwnModule && fnType !== FunctionSource.NamedModule) {
      return err(ErrorCode.InvalidArguments);
    }
    // Existence is a launch-time question (ABI.md part 2): only arguments are checked here.
    const target = fnType === FunctionSource.OwnModule ? caller : module;
    const handle = this.handles.allocate();
    this.functions.set(handle, { owner: caller, module: target, fn: name });
    return ok(handle);
  }

  removeFunction(caller: string, handle: bigint): ErrorCode {
    const f = this.functions.get(handle);
    if (f === undefined || f.owner !== caller) return ErrorCode.InvalidArguments;
    this.functions.delete(handle);
    return ErrorCode.Success;
  }

  launch(caller: string, handle: bigint, input: Uint8Array): FfiResult<bigint> {
    return this.start(caller, handle, input, false);
  }

  blockingLaunch(caller: string, handle: bigint, input: Uint8Array): FfiResult<bigint> {
    return this.start(caller, handle, input, true);
  }

  isReady(caller: string, request: bigint): FfiResult<IsReadyValue> {
    const r = this.ownedRequest(caller, request);
    if (r === undefined) return err(ErrorCode.InvalidArguments);
    return ok({ ready: r.done, size: r.done ? r.output.length : 0 });
  }

  retrieve(caller: string, request: bigint, len: number): FfiResult<Uint8Array> {
    const r = this.ownedRequest(caller, request);
    if (r === undefined) return err(ErrorCode.InvalidArguments);
    if (!r.done) return err(ErrorCode.Unavailable);
    // A wrong length leaves the result retrievable (ABI.md part 2).
    if (len !== r.output.length) return err(ErrorCode.InvalidArguments);
    this.requests.delete(request);
    return r.code === ErrorCode.Success ? ok(r.output) : err(r.code as Exclude<ErrorCode, 0>);
  }

  pendingRequests(): readonly bigint[] {
    const pending: bigint[] = [];
    for (const r of this.requests.values()) if (!r.done) pending.push(r.handle);
    return pending;
  }

  dispose(): void {
    for (const r of this.requests.values()) {
      if (r.done) continue;
      const subscription = r.subscription;
      r.subscription = undefined;
      subscription?.unsubscribe();
    }
  }

  protected ownedRequest(caller: string, request: bigint): RequestEntry | undefined {
    const r = this.requests.get(request);
    return r !== undefined && r.owner === caller ? r : undefined;
  }

  protected start(caller: string, handle: bigint, input: Uint8Array, blocking: boolean): FfiResult<bigint> {
    const f = this.functions.get(handle);
    if (f === undefined || f.owner !== caller) return err(ErrorCode.InvalidArguments);
    const { policies, draws } = this.env;
    const target = this.env.registry.get(f.module);
    const found = target !== undefined && target.hasFunction(f.fn);
    const injected = found && policies.faults > 0 && draws.fault(policies.faults);
    const launchError: FailCode | undefined = !found ? ErrorCode.NotFound : injected ? ErrorCode.InternalError : undefined;
    if (launchError !== undefined && policies.errors === 'eager') {
      this.emitFault(0n, caller, f, launchError === ErrorCode.NotFound ? 'not-found' : 'injected');
      return err(launchError);
    }
    const latency = draws.latency(policies.latency);
    const request = this.handles.allocate();
    const entry: RequestEntry = {
      owner: caller,
      handle: request,
      module: f.module,
      fn: f.fn,
      due: this.now() + latency,
      done: false,
      code: ErrorCode.Success,
      output: EMPTY,
      subscription: undefined,
    };
    this.requests.set(request, entry);
    this.env.sink.emit({
      t: 'req.launched',
      at: this.now(),
      request,
      caller,
      module: f.module,
      fn: f.fn,
      blocking,
      due: entry.due,
    });
    if (launchError !== undefined || target === undefined) {
      const kind = launchError === ErrorCode.NotFound ? 'not-found' : 'injected';
      entry.subscription = this.env.scheduler.schedule(() => {
        this.emitFault(request, caller, f, kind);
        this.complete(entry, launchError ?? ErrorCode.NotFound, EMPTY);
      }, latency);
    } else {
      this.run(entry, target.invoke.bind(target), copyBytes(input), latency);
    }
    if (blocking) return this.awaitBlocking(entry);
    return ok(request);
  }

  /**
   * Invokes the function after the latency: an output returned at once completes the
   * request then; a stream is subscribed, and its last value is the output (bytes, or the
   * request fails). An `after` stream is run directly instead, to the same effect.
   */
  protected run(
    entry: RequestEntry,
    invoke: (fn: string, input: Uint8Array, env: InvocationEnv) => Invocation,
    input: Uint8Array,
    latency: number,
  ): void {
    // One scheduler action starts the function after the latency (what timer + concatMap
    // would schedule, without their per-launch subscriber chain: this is the hot path).
    // Unsubscribing it cancels the start, or the stream once started.
    const start = this.env.scheduler.schedule(() => {
      let invocation: Invocation;
      try {
        invocation = invoke(entry.fn, input, new LaunchEnv(this.env, entry));
      } catch (e) {
        this.fail(entry, e);
        return;
      }
      if (invocation instanceof Uint8Array) {
        this.succeed(entry, invocation);
        return;
      }
      if (!isObservable(invocation)) {
        // A module bug (JS has no types at run time): the request fails, the run goes on.
        this.fail(entry, new TypeError(`${entry.module}::${entry.fn} returned neither bytes nor an Observable`));
        return;
      }
      let inner: Subscription;
      if (invocation instanceof AfterObservable) {
        // after()'s one action, scheduled here rather than by subscribing: the same action
        // at the same delay, so the same decisions and trace, without a subscriber to feed.
        const { produce } = invocation as AfterObservable<unknown>;
        inner = invocation.scheduler.schedule(() => {
          let value: unknown;
          try {
            value = produce();
          } catch (e) {
            this.fail(entry, e);
            return;
          }
          this.finish(entry, value);
        }, invocation.due);
      } else {
        inner = invocation.subscribe(new ReferenceHost.LaunchSubscriber(this, entry));
      }
      if (!entry.done) start.add(inner);
    }, latency);
    entry.subscription = start;
  }

  /** A stream's last value: the request's output if it is bytes; otherwise a module bug, and the request fails. */
  private finish(entry: RequestEntry, value: unknown): void {
    if (value instanceof Uint8Array) this.succeed(entry, value);
    else this.fail(entry, new TypeError(`${entry.module}::${entry.fn} returned a stream whose last value is not bytes`));
  }

  /** A function's output: copied (a module may reuse its buffer), and no larger than a trace records. */
  private succeed(entry: RequestEntry, output: Uint8Array): void {
    if (output.length > MAX_PAYLOAD_BYTES) {
      this.fail(entry, new RangeError(`${entry.module}::${entry.fn} returned ${output.length} bytes, more than the ${MAX_PAYLOAD_BYTES} a trace can record`));
    } else {
      this.complete(entry, ErrorCode.Success, copyBytes(output));
    }
  }

  /**
   * Follows a launched function's stream: its last value is the output. A Subscriber, so
   * RxJS uses it as it is; an observer object would be wrapped in two more objects and
   * cost three closures, on every launch. Unlike that wrapping, it lets an exception in
   * `complete`/`fail` (a sink refusing an event, say) reach the scheduler and end the run,
   * rather than reporting it later from a real timer. Nested here to reach the host's
   * protected `complete` and `fail`, which test hosts override.
   */
  private static readonly LaunchSubscriber = class extends Subscriber<unknown> {
    private output: unknown = EMPTY;
    constructor(
      private readonly host: ReferenceHost,
      private readonly entry: RequestEntry,
    ) {
      super();
    }
    protected override _next(value: unknown): void {
      this.output = value;
    }
    protected override _error(e: unknown): void {
      try {
        this.host.fail(this.entry, e);
      } finally {
        this.unsubscribe();
      }
    }
    protected override _complete(): void {
      try {
        this.host.finish(this.entry, this.output);
      } finally {
        this.unsubscribe();
      }
    }
  };

  protected awaitBlocking(entry: RequestEntry): FfiResult<bigint> {
    const scheduler = this.env.scheduler;
    if (!scheduler.runUntil(() => entry.done)) {
      scheduler.abort(
        failure('deadlock', `blocking_launch of ${entry.module}::${entry.fn} waits for a request that nothing scheduled can complete`),
      );
      scheduler.throwIfAborted();
    }
    if (entry.code !== ErrorCode.Success && this.env.policies.errors === 'eager') {
      // Reported by the launch itself; the request was never handed out.
      this.requests.delete(entry.handle);
      return err(entry.code as Exclude<ErrorCode, 0>);
    }
    return ok(entry.handle);
  }

  protected fail(entry: RequestEntry, e: unknown): void {
    if (isSimAbort(e)) {
      // A budget ran out inside the function (e.g. in a nested blocking launch): the run ends.
      this.env.scheduler.abort(e.outcome);
      return;
    }
    if (isStackOverflow(e)) {
      this.env.scheduler.abort(STACK_EXHAUSTED);
      return;
    }
    const kind = e instanceof ModuleFault ? e.kind : 'error';
    const message = eventText(e instanceof Error ? e.message : String(e));
    this.env.sink.emit({
      t: 'module.fault',
      at: this.now(),
      request: entry.handle,
      caller: entry.owner,
      module: entry.module,
      fn: entry.fn,
      kind,
      message,
    });
    this.complete(entry, ErrorCode.InternalError, EMPTY);
  }

  protected complete(entry: RequestEntry, code: ErrorCode, output: Uint8Array): void {
    entry.done = true;
    entry.code = code;
    entry.output = output;
    entry.subscription = undefined;
    this.env.sink.emit({ t: 'req.completed', at: this.now(), request: entry.handle, caller: entry.owner, code, output });
  }

  private emitFault(request: bigint, caller: string, f: FunctionEntry, kind: ModuleFaultEvent['kind']): void {
    const message =
      kind === 'not-found' ? `no function ${f.fn} in module ${f.module}` : 'injected fault (policy faults)';
    this.env.sink.emit({ t: 'module.fault', at: this.now(), request, caller, module: f.module, fn: f.fn, kind, message });
  }
}
