/**
 * Deliberately broken hosts: each a ReferenceHost with one behaviour changed, a bug a
 * real host could plausibly have. Every catalogue scenario must catch at least one.
 */
import { Observable, of } from 'rxjs';
import { ok, err, type FfiResult, type IsReadyValue } from '../../../sim/host/api.js';
import { ErrorCode, FunctionSource } from '../../../sim/host/codes.js';
import { ReferenceHost, type HostEnv, type RequestEntry } from '../../../sim/host/reference-host.js';
import { ModuleFault, type Invocation, type InvocationEnv } from '../../../sim/modules/module.js';
import type { HostFactory } from '../../../sim/run/context.js';

const EMPTY = new Uint8Array(0);

/** is_ready says ready (size 0) before the request is done. */
class EarlyReadyHost extends ReferenceHost {
  override isReady(caller: string, request: bigint): FfiResult<IsReadyValue> {
    const r = this.ownedRequest(caller, request);
    if (r !== undefined && !r.done) return ok({ ready: true, size: 0 });
    return super.isReady(caller, request);
  }
}

/** retrieve before ready answers InvalidArguments instead of Unavailable. */
class NotReadyInvalidHost extends ReferenceHost {
  override retrieve(caller: string, request: bigint, len: number): FfiResult<Uint8Array> {
    const r = super.retrieve(caller, request, len);
    return r.code === ErrorCode.Unavailable ? err(ErrorCode.InvalidArguments) : r;
  }
}

/** retrieve hands out the result whatever buffer length it is given. */
class IgnoresBufferLengthHost extends ReferenceHost {
  override retrieve(caller: string, request: bigint, len: number): FfiResult<Uint8Array> {
    const r = this.ownedRequest(caller, request);
    return super.retrieve(caller, request, r?.done === true ? r.output.length : len);
  }
}

/** A wrong-sized retrieve is refused but throws the result away. */
class WrongSizeConsumesHost extends ReferenceHost {
  override retrieve(caller: string, request: bigint, len: number): FfiResult<Uint8Array> {
    const r = this.ownedRequest(caller, request);
    if (r?.done === true && len !== r.output.length) this.requests.delete(request);
    return super.retrieve(caller, request, len);
  }
}

/** is_ready tests the output's size instead of completion: empty results are never ready. */
class ReadyMeansNonEmptyHost extends ReferenceHost {
  override isReady(caller: string, request: bigint): FfiResult<IsReadyValue> {
    const r = super.isReady(caller, request);
    return r.code === ErrorCode.Success ? ok({ ready: r.value.size > 0, size: r.value.size }) : r;
  }
}

/** Outputs pass through a 64 KiB buffer and are cut there. */
class TruncatingHost extends ReferenceHost {
  protected override complete(entry: RequestEntry, code: ErrorCode, output: Uint8Array): void {
    super.complete(entry, code, output.slice(0, 1 << 16));
  }
}

/** Every output loses its last byte (size and bytes agree, so only a guest checking bytes notices). */
class DropsLastByteHost extends ReferenceHost {
  protected override complete(entry: RequestEntry, code: ErrorCode, output: Uint8Array): void {
    super.complete(entry, code, output.slice(0, Math.max(0, output.length - 1)));
  }
}

/** NotFound comes out as InternalError, at launch and at retrieve. */
class NotFoundAsInternalErrorHost extends ReferenceHost {
  private map<T>(r: FfiResult<T>): FfiResult<T> {
    return r.code === ErrorCode.NotFound ? err(ErrorCode.InternalError) : r;
  }
  override launch(caller: string, handle: bigint, input: Uint8Array): FfiResult<bigint> {
    return this.map(super.launch(caller, handle, input));
  }
  override blockingLaunch(caller: string, handle: bigint, input: Uint8Array): FfiResult<bigint> {
    return this.map(super.blockingLaunch(caller, handle, input));
  }
  override retrieve(caller: string, request: bigint, len: number): FfiResult<Uint8Array> {
    return this.map(super.retrieve(caller, request, len));
  }
}

/** create_function looks the module and function up, answering NotFound. */
class CreateChecksExistenceHost extends ReferenceHost {
  override createFunction(caller: string, fnType: number, module: string, name: string): FfiResult<bigint> {
    const target = this.env.registry.get(fnType === FunctionSource.OwnModule ? caller : module);
    if ((fnType === 0 || fnType === 1) && target?.hasFunction(name) !== true) return err(ErrorCode.NotFound);
    return super.createFunction(caller, fnType, module, name);
  }
}

/** OwnModule resolves to the module name passed along, not to the caller. */
class OwnModuleUsesNameHost extends ReferenceHost {
  override createFunction(caller: string, fnType: number, module: string, name: string): FfiResult<bigint> {
    return super.createFunction(caller, fnType === FunctionSource.OwnModule ? FunctionSource.NamedModule : fnType, module, name);
  }
}

/** A nonzero return code from the function is ignored: the request succeeds, empty. */
class CalleeCodeIgnoredHost extends ReferenceHost {
  protected override fail(entry: RequestEntry, e: unknown): void {
    if (e instanceof ModuleFault && e.kind === 'code') this.complete(entry, ErrorCode.Success, EMPTY);
    else super.fail(entry, e);
  }
}

/** A stream that fails after emitting a value completes with that value. */
class ErrorAfterValueHost extends ReferenceHost {
  protected override run(
    entry: RequestEntry,
    invoke: (fn: string, input: Uint8Array, env: InvocationEnv) => Invocation,
    input: Uint8Array,
    latency: number,
  ): void {
    super.run(
      entry,
      (fn, bytes, env) =>
        new Observable<Uint8Array>((sub) => {
          let emitted = false;
          const invocation = invoke(fn, bytes, env);
          return (invocation instanceof Uint8Array ? of(invocation) : invocation).subscribe({
            next: (v) => {
              emitted = true;
              sub.next(v);
            },
            error: (e: unknown) => (emitted ? sub.complete() : sub.error(e)),
            complete: () => sub.complete(),
          });
        }),
      input,
      latency,
    );
  }
}

/** Tracks which function handle each request came from. */
abstract class TrackingHost extends ReferenceHost {
  protected readonly launchedFrom = new Map<bigint, RequestEntry[]>();
  protected override start(caller: string, handle: bigint, input: Uint8Array, blocking: boolean): FfiResult<bigint> {
    this.beforeStart(handle);
    const r = super.start(caller, handle, input, blocking);
    const entry = r.code === ErrorCode.Success ? this.requests.get(r.value) : undefined;
    if (entry !== undefined) this.launchedFrom.set(handle, [...(this.launchedFrom.get(handle) ?? []), entry]);
    return r;
  }
  protected beforeStart(_handle: bigint): void {}
  protected cancelFrom(handle: bigint): void {
    for (const e of this.launchedFrom.get(handle) ?? []) if (!e.done) e.subscription?.unsubscribe();
    this.launchedFrom.delete(handle);
  }
}

/** remove_function cancels the requests launched from the handle. */
class RemoveCancelsHost extends TrackingHost {
  override removeFunction(caller: string, handle: bigint): ErrorCode {
    const code = super.removeFunction(caller, handle);
    if (code === ErrorCode.Success) this.cancelFrom(handle);
    return code;
  }
}

/** One request in flight per function handle: launching again cancels the previous one. */
class OneInFlightPerFunctionHost extends TrackingHost {
  protected override beforeStart(handle: bigint): void {
    this.cancelFrom(handle);
  }
}

/** A successful retrieve does not consume the request. */
class RetrieveKeepsHost extends ReferenceHost {
  override retrieve(caller: string, request: bigint, len: number): FfiResult<Uint8Array> {
    const r = this.ownedRequest(caller, request);
    const out = super.retrieve(caller, request, len);
    if (r !== undefined && out.code === ErrorCode.Success) this.requests.set(request, r);
    return out;
  }
}

/** One handle table: remove_function of a request handle drops the request and succeeds. */
class RemoveAcceptsRequestsHost extends ReferenceHost {
  override removeFunction(caller: string, handle: bigint): ErrorCode {
    if (this.ownedRequest(caller, handle) !== undefined) {
      this.requests.delete(handle);
      return ErrorCode.Success;
    }
    return super.removeFunction(caller, handle);
  }
}

/** Handles cross the FFI as i64: those with the top bit set come out negative. */
class SignedHandlesHost extends ReferenceHost {
  private static out(r: FfiResult<bigint>): FfiResult<bigint> {
    return r.code === ErrorCode.Success ? ok(BigInt.asIntN(64, r.value)) : r;
  }
  override createFunction(caller: string, fnType: number, module: string, name: string): FfiResult<bigint> {
    return SignedHandlesHost.out(super.createFunction(caller, fnType, module, name));
  }
  override removeFunction(caller: string, handle: bigint): ErrorCode {
    return super.removeFunction(caller, BigInt.asUintN(64, handle));
  }
  override launch(caller: string, handle: bigint, input: Uint8Array): FfiResult<bigint> {
    return SignedHandlesHost.out(super.launch(caller, BigInt.asUintN(64, handle), input));
  }
  override blockingLaunch(caller: string, handle: bigint, input: Uint8Array): FfiResult<bigint> {
    return SignedHandlesHost.out(super.blockingLaunch(caller, BigInt.asUintN(64, handle), input));
  }
  override isReady(caller: string, request: bigint): FfiResult<IsReadyValue> {
    return super.isReady(caller, BigInt.asUintN(64, request));
  }
  override retrieve(caller: string, request: bigint, len: number): FfiResult<Uint8Array> {
    return super.retrieve(caller, BigInt.asUintN(64, request), len);
  }
}

/** Handles of consumed requests are handed out again (a slot table's free list). */
class ReusesHandlesHost extends ReferenceHost {
  private readonly free: bigint[] = [];
  constructor(env: HostEnv) {
    super(env);
    const allocate = this.handles.allocate.bind(this.handles);
    this.handles.allocate = () => this.free.shift() ?? allocate();
  }
  override retrieve(caller: string, request: bigint, len: number): FfiResult<Uint8Array> {
    const out = super.retrieve(caller, request, len);
    if (out.code !== ErrorCode.InvalidArguments && out.code !== ErrorCode.Unavailable) this.free.push(request);
    return out;
  }
}

/** Handles are global: any module may use any module's function and request handles. */
class GlobalHandlesHost extends ReferenceHost {
  protected override ownedRequest(_caller: string, request: bigint): RequestEntry | undefined {
    return this.requests.get(request);
  }
  override removeFunction(caller: string, handle: bigint): ErrorCode {
    return super.removeFunction(this.functions.get(handle)?.owner ?? caller, handle);
  }
  protected override start(caller: string, handle: bigint, input: Uint8Array, blocking: boolean): FfiResult<bigint> {
    return super.start(this.functions.get(handle)?.owner ?? caller, handle, input, blocking);
  }
}

/** blocking_launch returns at once, like launch. */
class BlockingReturnsEarlyHost extends ReferenceHost {
  override blockingLaunch(caller: string, handle: bigint, input: Uint8Array): FfiResult<bigint> {
    return this.launch(caller, handle, input);
  }
}

/** A 32-slot request table: a 33rd unconsumed request evicts the oldest. */
class SlotLimitedHost extends ReferenceHost {
  protected override start(caller: string, handle: bigint, input: Uint8Array, blocking: boolean): FfiResult<bigint> {
    const r = super.start(caller, handle, input, blocking);
    while (this.requests.size > 32) this.requests.delete(this.requests.keys().next().value as bigint);
    return r;
  }
}

/** Only the guest may launch into a named module: a module's launch into another is NotFound. */
class NestedNamedModuleNotFoundHost extends ReferenceHost {
  protected override start(caller: string, handle: bigint, input: Uint8Array, blocking: boolean): FfiResult<bigint> {
    const f = this.functions.get(handle);
    if (f !== undefined && f.owner === caller && caller !== 'guest' && f.module !== caller) return err(ErrorCode.NotFound);
    return super.start(caller, handle, input, blocking);
  }
}

/** An injected fault comes out of the launch as NotFound. */
class InjectedFaultAsNotFoundHost extends ReferenceHost {
  override launch(caller: string, handle: bigint, input: Uint8Array): FfiResult<bigint> {
    const r = super.launch(caller, handle, input);
    return r.code === ErrorCode.InternalError ? err(ErrorCode.NotFound) : r;
  }
}

export interface BrokenHost {
  readonly name: string;
  readonly make: HostFactory;
}

const host = (name: string, make: HostFactory): BrokenHost => ({ name, make });

export const BROKEN = {
  earlyReady: host('is_ready true before completion', (env) => new EarlyReadyHost(env)),
  notReadyInvalid: host('retrieve before ready is InvalidArguments', (env) => new NotReadyInvalidHost(env)),
  ignoresBufferLength: host('retrieve ignores the buffer length', (env) => new IgnoresBufferLengthHost(env)),
  wrongSizeConsumes: host('a wrong-sized retrieve consumes the result', (env) => new WrongSizeConsumesHost(env)),
  readyMeansNonEmpty: host('empty results never ready', (env) => new ReadyMeansNonEmptyHost(env)),
  truncating: host('outputs cut at 64 KiB', (env) => new TruncatingHost(env)),
  dropsLastByte: host('outputs lose their last byte', (env) => new DropsLastByteHost(env)),
  notFoundAsInternalError: host('NotFound reported as InternalError', (env) => new NotFoundAsInternalErrorHost(env)),
  createChecksExistence: host('create_function answers NotFound', (env) => new CreateChecksExistenceHost(env)),
  ownModuleUsesName: host('OwnModule resolves to the module name given', (env) => new OwnModuleUsesNameHost(env)),
  calleeCodeIgnored: host("a function's error code is ignored", (env) => new CalleeCodeIgnoredHost(env)),
  errorAfterValue: host('a stream failing after a value succeeds with it', (env) => new ErrorAfterValueHost(env)),
  removeCancels: host('remove_function cancels requests in flight', (env) => new RemoveCancelsHost(env)),
  oneInFlightPerFunction: host('a new launch cancels the previous one of its handle', (env) => new OneInFlightPerFunctionHost(env)),
  retrieveKeeps: host('retrieve does not consume', (env) => new RetrieveKeepsHost(env)),
  removeAcceptsRequests: host('remove_function accepts request handles', (env) => new RemoveAcceptsRequestsHost(env)),
  signedHandles: host('handles returned as signed i64', (env) => new SignedHandlesHost(env)),
  reusesHandles: host('consumed request handles reissued', (env) => new ReusesHandlesHost(env)),
  globalHandles: host('handles usable by any module', (env) => new GlobalHandlesHost(env)),
  blockingReturnsEarly: host('blocking_launch returns before the function finishes', (env) => new BlockingReturnsEarlyHost(env)),
  slotLimited: host('32 request slots, oldest evicted', (env) => new SlotLimitedHost(env)),
  nestedNamedModuleNotFound: host('modules cannot launch into other modules', (env) => new NestedNamedModuleNotFoundHost(env)),
  injectedFaultAsNotFound: host('injected faults reported as NotFound', (env) => new InjectedFaultAsNotFoundHost(env)),
} as const;
