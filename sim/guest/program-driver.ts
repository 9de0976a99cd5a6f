import { isSimAbort, SimAbort } from '../abort.js';
import { failure } from '../outcome.js';
import { isStackOverflow, stackExhausted } from '../stack.js';
import type { FrameState, GuestDriver, GuestInstantiationEnv, GuestSpec } from './driver.js';
import { GuestPanic, type GuestEnv, type GuestProgram, type GuestYield, type WaitFor } from './program.js';

const RUNNING: FrameState = { kind: 'running' };
const FINISHED: FrameState = { kind: 'finished' };

/** A TS guest program as a guest the runner can drive. */
export function programGuest(name: string, program: GuestProgram): GuestSpec {
  return { name, finite: true, instantiate: (env) => new ProgramDriver(name, program, env) };
}

class ProgramDriver implements GuestDriver {
  readonly finite = true;
  private readonly iterator: Generator<GuestYield, void, undefined>;
  private frameIndex = 0;
  private skip = 0;
  private wait: WaitFor | undefined = undefined;
  private done = false;

  constructor(
    readonly module: string,
    program: GuestProgram,
    env: GuestInstantiationEnv,
  ) {
    const guestEnv: GuestEnv = {
      module,
      frame: () => this.frameIndex,
      now: () => env.scheduler.now(),
      rng: env.rng,
      log: (message) => env.log(message),
      fail: (message) => {
        throw new GuestPanic(message);
      },
    };
    this.iterator = program(env.ffi, guestEnv);
  }

  frame(index: number): FrameState {
    this.frameIndex = index;
    if (this.done) return FINISHED;
    if (this.skip > 0) {
      this.skip--;
      return RUNNING;
    }
    if (this.wait !== undefined) {
      if (!this.guard(this.wait.until)) return { kind: 'waiting', label: this.wait.label };
      this.wait = undefined;
    }
    const r = this.guard(() => this.iterator.next());
    if (r.done === true) {
      this.done = true;
      return FINISHED;
    }
    const y = r.value;
    if (typeof y === 'number') this.skip = Math.max(0, Math.floor(y) - 1);
    else if (y !== undefined) this.wait = y;
    return RUNNING;
  }

  /** Guest code that throws is a guest panic; a SimAbort passes through. */
  private guard<T>(f: () => T): T {
    try {
      return f();
    } catch (e) {
      if (isSimAbort(e)) throw e;
      if (isStackOverflow(e)) throw stackExhausted();
      const message = e instanceof Error ? e.message : String(e);
      const detail = e instanceof GuestPanic ? message : `${e instanceof Error ? e.name : 'thrown'}: ${message}`;
      throw new SimAbort(failure('panic', detail, { module: this.module }));
    }
  }
}
