/**
 * A host that answers one guest's FFI calls from a trace, without any launched module:
 * a module developer reproduces a host-side edge case with only their own .wasm and
 * the trace. A call that differs from the recorded one ends the run as a divergence.
 */
import { copyBytes } from '../bytes.js';
import type { FfiEvent } from '../events.js';
import { err, ok, type FfiResult, type IsReadyValue, type ModuleRunHost } from '../host/api.js';
import { ErrorCode } from '../host/codes.js';
import type { HostEnv } from '../host/reference-host.js';
import { failure } from '../outcome.js';
import { bytesDifference, describeBytesDifference } from './bytes-diff.js';
import { describeEvent, equalValues } from './equal.js';

type Code = Exclude<ErrorCode, 0>;

/** `; input: differs at byte N …` for each byte argument that differs: both sides' descriptions show only the first bytes. */
function byteDifferences(recorded: FfiEvent, args: Record<string, unknown>): string {
  return Object.entries(args)
    .map(([k, v]) => {
      const r = (recorded as unknown as Record<string, unknown>)[k];
      const d = r instanceof Uint8Array && v instanceof Uint8Array ? bytesDifference(r, v) : undefined;
      return d === undefined ? '' : `; ${k}: differs ${describeBytesDifference(d)}`;
    })
    .join('');
}

export class TraceHost implements ModuleRunHost {
  private next = 0;
  constructor(
    private readonly env: HostEnv,
    private readonly calls: readonly FfiEvent[],
    private readonly guest: string,
  ) {}

  private take<T extends FfiEvent['t']>(t: T, caller: string, args: Record<string, unknown>): Extract<FfiEvent, { t: T }> | undefined {
    if (caller !== this.guest) {
      this.diverge(`module ${caller} made a call, but a guest-only replay has no launched modules`);
      return undefined;
    }
    const i = this.next++;
    const e = this.calls[i];
    const mismatch =
      e === undefined ||
      e.t !== t ||
      Object.entries(args).some(([k, v]) => !equalValues((e as unknown as Record<string, unknown>)[k], v));
    if (mismatch) {
      const got = `${t} ${Object.entries(args).map(([k, v]) => `${k}=${typeof v === 'bigint' ? `${v}n` : v instanceof Uint8Array ? `(${v.length} B)` : String(v)}`).join(' ')}`;
      this.diverge(`guest call #${i} was ${got}; the trace has ${e === undefined ? 'no more calls' : describeEvent(e)}${e?.t === t ? byteDifferences(e, args) : ''}`);
      return undefined;
    }
    return e as Extract<FfiEvent, { t: T }>;
  }

  private diverge(message: string): void {
    this.env.scheduler.abort(failure('divergence', message));
  }

  private result<T>(code: number, value: T): FfiResult<T> {
    return code === ErrorCode.Success ? ok(value) : err(code as Code);
  }

  createFunction(caller: string, fnType: number, module: string, name: string): FfiResult<bigint> {
    const e = this.take('ffi.create_function', caller, { fnType, module, name });
    return e === undefined ? err(ErrorCode.InternalError) : this.result(e.code, e.handle);
  }

  removeFunction(caller: string, handle: bigint): ErrorCode {
    const e = this.take('ffi.remove_function', caller, { handle });
    return e === undefined ? ErrorCode.InternalError : (e.code as ErrorCode);
  }

  private launchAny(caller: string, handle: bigint, input: Uint8Array, blocking: boolean): FfiResult<bigint> {
    const e = this.take('ffi.launch', caller, { handle, input, blocking });
    if (e === undefined) return err(ErrorCode.InternalError);
    // A blocking launch took virtual time; let the clock move the same way.
    this.env.scheduler.advanceTo(e.end);
    return this.result(e.code, e.request);
  }

  launch(caller: string, handle: bigint, input: Uint8Array): FfiResult<bigint> {
    return this.launchAny(caller, handle, input, false);
  }

  blockingLaunch(caller: string, handle: bigint, input: Uint8Array): FfiResult<bigint> {
    return this.launchAny(caller, handle, input, true);
  }

  isReady(caller: string, request: bigint): FfiResult<IsReadyValue> {
    const e = this.take('ffi.is_ready', caller, { request });
    return e === undefined ? err(ErrorCode.InternalError) : this.result(e.code, { ready: e.ready, size: e.size });
  }

  retrieve(caller: string, request: bigint, len: number): FfiResult<Uint8Array> {
    const e = this.take('ffi.retrieve', caller, { request, len });
    // The caller's own copy: a TS guest may change its output, and this one is the trace's.
    return e === undefined ? err(ErrorCode.InternalError) : this.result(e.code, copyBytes(e.output));
  }

  pendingRequests(): readonly bigint[] {
    return [];
  }

  /** Recorded calls the guest did not make (checked after the run). */
  get unconsumed(): number {
    return this.calls.length - this.next;
  }
}
