/**
 * Deterministic sample data for the recorder tests: a header, one event of every kind,
 * and a realistic synthetic run (a guest launching work on two modules every few frames,
 * polling, retrieving; latency and fault draws; scheduler decisions; the odd log, fault
 * and rejected call).
 */
import { DEFAULT_BUDGETS } from '../../../sim/budget.js';
import type { TraceEvent } from '../../../sim/events.js';
import { DEFAULT_POLICIES } from '../../../sim/host/policies.js';
import { createTraceHeader, type TraceHeader } from '../../../recorder/index.js';

export function sampleHeader(overrides: Partial<Omit<TraceHeader, 'magic' | 'formatVersion'>> = {}): TraceHeader {
  return createTraceHeader({
    arksimVersion: '0.1.0',
    scenario: 'fanout',
    wasm: [
      { name: 'guest', role: 'guest', sha256: 'a'.repeat(64) },
      { name: 'worker', role: 'module', sha256: '0123456789abcdef'.repeat(4), path: 'modules/worker.wasm' },
    ],
    seed: '42',
    strategy: 'pct:3',
    policies: DEFAULT_POLICIES,
    budgets: DEFAULT_BUDGETS,
    mode: 'record',
    parent: null,
    ...overrides,
  });
}

const bytes = (...values: number[]): Uint8Array => new Uint8Array(values);

/** One event of every tag, with edge values (u64 >= 2^63, times > 2^32, empty and non-ASCII strings). */
export function everyKind(): TraceEvent[] {
  const big = (1n << 64n) - 1n;
  return [
    { t: 'ffi.create_function', at: 0, caller: 'guest', fnType: 1, module: 'worker', name: 'echo', code: 0, handle: 1n },
    { t: 'ffi.remove_function', at: 5, caller: 'guest', handle: big, code: -3 },
    {
      t: 'ffi.launch',
      at: 2 ** 33,
      end: 2 ** 42,
      caller: 'guest',
      blocking: true,
      handle: 1n << 63n,
      input: bytes(0, 1, 2, 255),
      code: 0,
      request: 0xffff_ffffn,
    },
    { t: 'ffi.is_ready', at: 7, caller: 'guest', request: 0x1_0000_0000n, code: 0, ready: false, size: 0 },
    { t: 'ffi.retrieve', at: 8, caller: 'guest', request: 3n, len: 4, code: 0, output: bytes(9, 8, 7, 6) },
    {
      t: 'ffi.rejected',
      at: 9,
      caller: 'guest',
      call: 'blocking_launch',
      args: [1, -2, 0x7fff_ffff, 5n, -(1n << 63n), big, 1.5],
      reason: 'pointer range 0x10..0x20000 is outside memory',
      code: 2,
    },
    { t: 'sched.decision', at: 10, step: 3, candidates: [4, 7, 9], chosen: 7 },
    { t: 'draw.latency', at: 11, value: 50_000 },
    { t: 'draw.fault', at: 12, value: true },
    { t: 'draw.handle', at: 13, value: 0xdead_beef_cafe_f00dn },
    { t: 'req.launched', at: 14, request: 3n, caller: 'guest', module: 'worker', fn: 'echo', blocking: false, due: 2 ** 40 },
    { t: 'req.completed', at: 15, request: 3n, caller: 'guest', code: 0, output: new Uint8Array(0) },
    { t: 'module.fault', at: 16, request: 4n, caller: 'guest', module: 'worker', fn: 'boom', kind: 'panic', message: 'index out of bounds: ünïcødé ✓ 🦀' },
    { t: 'frame', at: 16_667, index: 1 },
    { t: 'log', at: 17, module: 'guest', message: '' },
    { t: 'run.outcome', at: 18, outcome: { kind: 'failure', reason: 'panic', message: 'boom', module: 'worker', file: 'src/lib.rs', line: 3, column: 9 } },
    { t: 'run.outcome', at: 19, outcome: { kind: 'pass' } },
    { t: 'run.outcome', at: 20, outcome: { kind: 'failure', reason: 'deadlock', message: 'guest waits' } },
  ];
}

/** A small deterministic generator (xorshift32); tests must not depend on Math.random. */
export class TestRng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }
  next(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state;
  }
  /** An integer in [0, n). */
  below(n: number): number {
    return this.next() % n;
  }
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.next() & 0xff;
    return out;
  }
}

/**
 * A synthetic run of `frames` frames (16,667 µs each). Roughly 20 events per frame at the
 * default: mostly is_ready polls, frames, decisions and draws, with launches, completions
 * and retrievals carrying 8 to 64 bytes.
 */
export function sampleRun(frames = 600, seed = 1): TraceEvent[] {
  const rng = new TestRng(seed);
  const events: TraceEvent[] = [];
  const modules = ['worker', 'storage'] as const;
  const fns = ['echo', 'hash', 'fetch'] as const;
  let handle = 0n;
  let request = 0n;
  let step = 0;
  const handles: bigint[] = [];
  for (const module of modules) {
    for (const name of fns) {
      handle++;
      handles.push(handle);
      events.push({ t: 'ffi.create_function', at: 0, caller: 'guest', fnType: 1, module, name, code: 0, handle });
    }
  }
  interface Pending {
    readonly request: bigint;
    readonly due: number;
    readonly size: number;
    done: boolean;
  }
  let pending: Pending[] = [];
  for (let f = 0; f < frames; f++) {
    const at = f * 16_667;
    events.push({ t: 'frame', at, index: f });
    // completions due by now, in an order the scheduler picks
    const due = pending.filter((p) => !p.done && p.due <= at);
    if (due.length > 1) {
      const candidates = due.map((_, i) => step + i);
      events.push({ t: 'sched.decision', at, step, candidates, chosen: candidates[rng.below(candidates.length)] });
    }
    for (const p of due) {
      step++;
      p.done = true;
      events.push({ t: 'req.completed', at: p.due, request: p.request, caller: 'guest', code: 0, output: rng.bytes(p.size) });
    }
    // the guest polls and retrieves
    for (const p of pending) {
      events.push({ t: 'ffi.is_ready', at: at + 10, caller: 'guest', request: p.request, code: 0, ready: p.done, size: p.done ? p.size : 0 });
      if (p.done) {
        events.push({ t: 'ffi.retrieve', at: at + 20, caller: 'guest', request: p.request, len: p.size, code: 0, output: rng.bytes(p.size) });
      }
    }
    pending = pending.filter((p) => !p.done);
    // new launches
    const launches = rng.below(4) === 0 ? 1 + rng.below(3) : 0;
    for (let l = 0; l < launches; l++) {
      const which = rng.below(handles.length);
      const latency = rng.below(50_001);
      request++;
      step++;
      const blocking = rng.below(8) === 0;
      const module = modules[Math.floor(which / fns.length)];
      const fn = fns[which % fns.length];
      events.push({ t: 'draw.latency', at: at + 30, value: latency });
      events.push({ t: 'draw.fault', at: at + 30, value: false });
      events.push({
        t: 'ffi.launch',
        at: at + 30,
        end: at + 30,
        caller: 'guest',
        blocking,
        handle: handles[which],
        input: rng.bytes(8 + rng.below(25)),
        code: 0,
        request,
      });
      events.push({ t: 'req.launched', at: at + 30, request, caller: 'guest', module, fn, blocking, due: at + 30 + latency });
      pending.push({ request, due: at + 30 + latency, size: 16 + rng.below(49), done: false });
    }
    if (rng.below(50) === 0) events.push({ t: 'log', at: at + 40, module: 'guest', message: `frame ${f}: ${pending.length} requests in flight` });
    if (rng.below(300) === 0) {
      events.push({ t: 'module.fault', at: at + 50, request, caller: 'guest', module: 'worker', fn: 'fetch', kind: 'injected', message: 'injected InternalError' });
    }
    if (rng.below(400) === 0) {
      events.push({ t: 'ffi.rejected', at: at + 60, caller: 'guest', call: 'launch', args: [7, 0x10000, 64], reason: 'input range outside memory', code: 2 });
    }
  }
  events.push({ t: 'run.outcome', at: frames * 16_667, outcome: { kind: 'pass' } });
  return events;
}
