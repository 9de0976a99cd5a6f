/**
 * A host under development may answer anything: a malformed answer is the caller's
 * InternalError with an `ffi.rejected` event naming it, never a TypeError thrown into the
 * guest (blamed on it), and the run still records.
 */
import test from 'ava';
import { memoryTarget, readTrace, TraceWriter } from '../../../recorder/index.js';
import type { TraceEvent } from '../../../sim/events.js';
import { programGuest } from '../../../sim/guest/program-driver.js';
import { err, ok, type FfiResult, type IsReadyValue } from '../../../sim/host/api.js';
import { ErrorCode, FunctionSource } from '../../../sim/host/codes.js';
import { ReferenceHost } from '../../../sim/host/reference-host.js';
import { runSimulation } from '../../../sim/run/run.js';
import { worker } from '../../../scenarios/modules/worker.js';
import { sampleHeader } from '../recorder/fixtures.js';

type Bad = 'numberHandle' | 'hugeHandle' | 'noAnswer' | 'noValue' | 'negativeSize' | 'unknownCode' | 'notBytes' | 'removeCode';

class MisansweringHost extends ReferenceHost {
  constructor(env: ConstructorParameters<typeof ReferenceHost>[0], private readonly bad: Bad) {
    super(env);
  }
  override createFunction(caller: string, fnType: number, module: string, name: string): FfiResult<bigint> {
    if (this.bad === 'numberHandle') return ok(1 as unknown as bigint);
    if (this.bad === 'hugeHandle') return ok(1n << 70n);
    return super.createFunction(caller, fnType, module, name);
  }
  override launch(caller: string, handle: bigint, input: Uint8Array): FfiResult<bigint> {
    if (this.bad === 'unknownCode') return err(99 as unknown as typeof ErrorCode.InternalError);
    return super.launch(caller, handle, input);
  }
  override isReady(caller: string, request: bigint): FfiResult<IsReadyValue> {
    if (this.bad === 'noAnswer') return undefined as unknown as FfiResult<IsReadyValue>;
    if (this.bad === 'noValue') return ok(undefined as unknown as IsReadyValue);
    if (this.bad === 'negativeSize') return ok({ ready: true, size: -1 });
    return super.isReady(caller, request);
  }
  override retrieve(caller: string, request: bigint, len: number): FfiResult<Uint8Array> {
    if (this.bad === 'notBytes') return ok('abc' as unknown as Uint8Array);
    return super.retrieve(caller, request, len);
  }
  override removeFunction(caller: string, handle: bigint): ErrorCode {
    if (this.bad === 'removeCode') return '0' as unknown as ErrorCode;
    return super.removeFunction(caller, handle);
  }
}

const EXPECT: Record<Bad, [string, RegExp]> = {
  numberHandle: ['create_function', /handle: expected a u64 bigint, got number 1/],
  hugeHandle: ['create_function', /handle: expected a u64 bigint, got bigint 1180591620717411303424n/],
  noAnswer: ['is_ready', /undefined, not \{ code, value \}/],
  noValue: ['is_ready', /value: undefined, not \{ ready, size \}/],
  negativeSize: ['is_ready', /size: expected a u32 integer, got number -1/],
  unknownCode: ['launch', /code 99, not an ErrorCode/],
  notBytes: ['retrieve', /output: a string of 3 characters, not a Uint8Array/],
  removeCode: ['remove_function', /a string of 1 characters, not an ErrorCode/],
};

for (const bad of Object.keys(EXPECT) as Bad[]) {
  test(`a host answering with ${bad} is InternalError for the guest, with an ffi.rejected event, and the run records its failure as a host error`, (t) => {
    const codes: [string, number][] = [];
    const guest = programGuest('guest', function* (ffi) {
      const f = ffi.createFunction(FunctionSource.NamedModule, 'worker', 'echo');
      codes.push(['create_function', f.code]);
      if (f.code !== ErrorCode.Success) return;
      const r = ffi.launch(f.handle, new Uint8Array([1]));
      codes.push(['launch', r.code]);
      if (r.code !== ErrorCode.Success) return;
      yield;
      const s = ffi.isReady(r.request);
      codes.push(['is_ready', s.code]);
      if (s.code !== ErrorCode.Success) return;
      codes.push(['retrieve', ffi.retrieve(r.request, s.size).code]);
      codes.push(['remove_function', ffi.removeFunction(f.handle)]);
    });
    const events: TraceEvent[] = [];
    const writer = new TraceWriter(sampleHeader(), memoryTarget());
    const result = runSimulation({ modules: [worker], guest }, { seed: 1, host: (env) => new MisansweringHost(env, bad), sinks: [writer, { emit: (e) => events.push(e) }] });
    const [call, reason] = EXPECT[bad];
    t.deepEqual(codes.find(([c]) => c === call), [call, ErrorCode.InternalError], JSON.stringify(codes));
    const rejected = events.filter((e) => e.t === 'ffi.rejected');
    t.is(rejected.length, 1);
    t.like(rejected[0], { call, code: ErrorCode.InternalError });
    t.regex(rejected[0]?.t === 'ffi.rejected' ? rejected[0].reason : '', new RegExp(`^internal error: the host answered ${call} with ${reason.source}`));
    t.like(result.outcome, { kind: 'failure', reason: 'invariant' });
    t.regex(result.outcome.kind === 'failure' ? result.outcome.message : '', new RegExp(`^host-error in ${call}: internal error: the host answered ${call} with ${reason.source}`));
    t.is(readTrace(writer.finish(result.outcome)).events.length, events.length);
  });
}
