/**
 * explore-vs-fast-check: runs per second of the fan-out scenario under arksim
 * (`runSimulation`, fresh build per run, seeds 0..N-1, random strategy) against the same
 * test written the usual promise-based way under fast-check's `fc.scheduler()`: 8 async
 * launches whose completions the fast-check scheduler releases in a random order, and a
 * guest that polls every "frame" (itself a scheduled task, so frames and completions
 * interleave), retrieving and checking each ready output. Target: arksim 3 times faster.
 */
import fc from 'fast-check';
import { workOutput } from '../scenarios/modules/worker.js';
import { equalBytes } from '../scenarios/util.js';
import type { Benchmark, Figure } from './benchmark.js';
import { runFanouts } from './fanout.js';
import { measurePair, perSecond } from './measure.js';

const RUNS = 1000;
const FRAMES = 600;
const SUCCESS = 0;
const NOT_FOUND = 1;

interface Request {
  readonly input: Uint8Array;
  output: Uint8Array | undefined;
  retrieved: boolean;
}

/**
 * The four calls the fan-out guest makes, answering as arksim's reference host does
 * (codes, handles, `{ isReady, size }`), with each launch's completion released by the
 * fast-check scheduler.
 */
class ScheduledWorkerHost {
  private nextHandle = 1n;
  private readonly functions = new Set<bigint>();
  private readonly requests = new Map<bigint, Request>();

  constructor(private readonly s: fc.Scheduler) {}

  createFunction(module: string, name: string): { code: number; handle: bigint } {
    if (module !== 'worker' || name !== 'work') return { code: NOT_FOUND, handle: 0n };
    const handle = this.nextHandle++;
    this.functions.add(handle);
    return { code: SUCCESS, handle };
  }

  launch(handle: bigint, input: Uint8Array): { code: number; request: bigint } {
    if (!this.functions.has(handle)) return { code: NOT_FOUND, request: 0n };
    const request = this.nextHandle++;
    const r: Request = { input: input.slice(), output: undefined, retrieved: false };
    this.requests.set(request, r);
    void this.s.schedule(Promise.resolve(workOutput(r.input)), `work ${request}`).then((out) => {
      r.output = out;
    });
    return { code: SUCCESS, request };
  }

  isReady(request: bigint): { code: number; isReady: boolean; size: number } {
    const r = this.requests.get(request);
    if (r === undefined || r.retrieved) return { code: NOT_FOUND, isReady: false, size: 0 };
    return { code: SUCCESS, isReady: r.output !== undefined, size: r.output?.length ?? 0 };
  }

  retrieve(request: bigint, len: number): { code: number; output: Uint8Array } {
    const r = this.requests.get(request);
    if (r?.output === undefined || r.retrieved || len !== r.output.length) return { code: NOT_FOUND, output: new Uint8Array(0) };
    r.retrieved = true;
    return { code: SUCCESS, output: r.output };
  }

  /** Launched and not retrieved (arksim's `allRetrieved` invariant). */
  get unretrieved(): number {
    let n = 0;
    for (const r of this.requests.values()) if (!r.retrieved) n++;
    return n;
  }
}

const fail = (message: string): never => {
  throw new Error(message);
};

/** The fan-out guest, promise-based: launch 8, then poll each frame until all are retrieved. */
async function fanoutUnderFastCheck(s: fc.Scheduler, drawn: readonly (readonly [number, number])[]): Promise<void> {
  const host = new ScheduledWorkerHost(s);
  const f = host.createFunction('worker', 'work');
  if (f.code !== 0) fail(`create_function returned ${f.code}`);
  const inputs = drawn.map(([a, b], i) => new Uint8Array([a, i, b]));
  const pending = new Map<bigint, Uint8Array>();
  for (const input of inputs) {
    const r = host.launch(f.handle, input);
    if (r.code !== 0) fail(`launch returned ${r.code}`);
    pending.set(r.request, input);
  }
  const guest = async (): Promise<string> => {
    const order: number[] = [];
    for (let frame = 0; pending.size > 0; frame++) {
      if (frame >= FRAMES) fail(`guest did not finish within ${FRAMES} frames`);
      await s.schedule(Promise.resolve(frame), 'frame');
      for (const [request, input] of pending) {
        const st = host.isReady(request);
        if (st.code !== 0) fail(`is_ready returned ${st.code}`);
        if (!st.isReady) continue;
        const out = host.retrieve(request, st.size);
        if (out.code !== 0) fail(`retrieve returned ${out.code}`);
        if (!equalBytes(out.output, workOutput(input))) fail('worker.work returned the wrong bytes');
        order.push(input[1] as number);
        pending.delete(request);
      }
    }
    return `completion order ${order.join(',')}`;
  };
  await s.waitFor(guest());
  if (host.unretrieved !== 0) fail(`${host.unretrieved} launched request(s) never retrieved`);
}

const eightInputs = fc.array(fc.tuple(fc.nat(3), fc.nat(255)), { minLength: 8, maxLength: 8 });

async function fastCheckRuns(): Promise<void> {
  await fc.assert(fc.asyncProperty(fc.scheduler(), eightInputs, fanoutUnderFastCheck), { numRuns: RUNS, seed: 1 });
}

export const explorePerSecondBenchmark: Benchmark = {
  name: 'explore-vs-fast-check',
  async run(): Promise<readonly Figure[]> {
    const t = await measurePair(() => runFanouts(0, RUNS), fastCheckRuns, { warmup: 5, repeats: 9 });
    const arksim = perSecond(RUNS, t.value.ms);
    const fastCheck = perSecond(RUNS, t.baseline.ms);
    return [
      {
        name: 'explore-vs-fast-check',
        value: arksim,
        unit: 'runs/s',
        baseline: fastCheck,
        ratio: arksim / fastCheck,
        ratioMeans: 'arksim / fast-check runs/s',
        target: { on: 'ratio', op: '>=', bound: 3 },
        note: `${RUNS} runs each; baseline fc.assert(asyncProperty(fc.scheduler(), ...)) of the same guest logic`,
      },
    ];
  },
};
