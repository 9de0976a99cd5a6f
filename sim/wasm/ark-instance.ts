/**
 * One run's instance of a loaded Wasm file, bound to the FFI of its module: every
 * call into it runs under a fresh fuel budget and its own call frame, and comes back
 * as a typed result (returned, trapped, panicked, out of fuel). A SimAbort thrown
 * inside (a budget ran out in a nested blocking launch) passes through unchanged.
 *
 * Gotchas: calls may nest (an export blocking-launches its own module, which calls
 * back into this instance); the outer call's remaining fuel is restored afterwards.
 */
import { isSimAbort } from '../abort.js';
import { isStackOverflow, stackExhausted } from '../stack.js';
import type { EventSink } from '../events.js';
import type { GuestFfi } from '../guest/ffi.js';
import { failure, type FailureOutcome } from '../outcome.js';
import { CallFrames, coreImports, type PanicReport } from './core-imports.js';
import { MODULE_RUN } from './abi-imports.js';
import { moduleRunImports } from './ffi-imports.js';
import { fuelImports, isFuelExhausted, isStackLimitHit, remainingFuel, setFuel, setStackUsed, stackUsed, WASM_STACK_BYTES, type WasmStack } from './fuel-host.js';
import { GuestMemory } from './guest-memory.js';
import type { LoadedWasm } from './load.js';
import { exportedFunction, exportedMemory, WebAssembly, type WasmInstance } from './webassembly.js';

export interface ArkInstanceEnv {
  /** The FFI of the module this instance is: OwnModule resolves to it. */
  readonly ffi: GuestFfi;
  readonly sink: EventSink;
  now(): number;
  /** Fuel per call; 0 runs unmetered. */
  readonly fuel: number;
  /** The run's Wasm stack use, shared by all its instances (metered runs only). */
  readonly stack: WasmStack;
}

export type CallResult =
  | { readonly kind: 'returned'; readonly value: unknown; readonly output: Uint8Array | undefined }
  | { readonly kind: 'trap'; readonly message: string }
  | { readonly kind: 'panic'; readonly panic: PanicReport }
  | { readonly kind: 'fuel'; readonly fuel: number };

export type CallFailure = Exclude<CallResult, { kind: 'returned' }>;

/** How many Wasm frames a trap message names, innermost first. */
const STACK_FRAMES = 5;

export class ArkInstance {
  readonly memory = new GuestMemory();
  private readonly frames = new CallFrames();
  private instance: WasmInstance | undefined = undefined;

  private constructor(
    private readonly loaded: LoadedWasm,
    private readonly env: ArkInstanceEnv,
  ) {}

  /** Instantiates (running any start function); a failure there is returned, not thrown. */
  static create(loaded: LoadedWasm, env: ArkInstanceEnv): { instance: ArkInstance } | { failure: CallFailure } {
    const self = new ArkInstance(loaded, env);
    const imports = {
      [MODULE_RUN]: moduleRunImports({ ffi: self.publishingStack(env.ffi), memory: self.memory, sink: env.sink, now: () => env.now() }),
      ...coreImports(self.memory, self.frames),
      ...fuelImports(),
    };
    // Outside `guarded`: a module that cannot be metered is a load error, not a trap.
    const module = loaded.compiled(env.fuel);
    const r = self.guarded(() => new WebAssembly.Instance(module, imports));
    if (r.kind !== 'returned') return { failure: r };
    const instance = r.value as WasmInstance;
    self.instance = instance;
    self.memory.attach(exportedMemory(instance));
    return { instance: self };
  }

  has(name: string): boolean {
    return this.instance !== undefined && exportedFunction(this.instance, name) !== undefined;
  }

  /** Calls an export with a fresh fuel budget. */
  call(name: string, args: readonly (number | bigint)[] = []): CallResult {
    const instance = this.instance;
    const f = instance === undefined ? undefined : exportedFunction(instance, name);
    if (instance === undefined || f === undefined) throw new TypeError(`${this.loaded.file} exports no function ${name}`);
    const metered = this.env.fuel > 0;
    const saved = metered ? remainingFuel(instance) : 0n;
    const stack = this.env.stack;
    const outer = stack.used;
    // The counter as it was, for after a trap or an exception thrown through the Wasm frames.
    const before = metered ? stackUsed(instance) : 0;
    if (metered) {
      setFuel(instance, BigInt(this.env.fuel));
      // This call's frames go on top of whatever Wasm frames are below it, in any instance.
      setStackUsed(instance, outer);
    }
    try {
      return this.guarded(() => f(...args));
    } finally {
      if (metered) {
        setFuel(instance, saved < 0n ? 0n : saved);
        setStackUsed(instance, before);
      }
      stack.used = outer;
    }
  }

  /**
   * `ffi` whose blocking launch first publishes this instance's stack use: the launched
   * function (and whatever else the wait runs) runs on top of this instance's frames.
   */
  private publishingStack(ffi: GuestFfi): GuestFfi {
    if (this.env.fuel <= 0) return ffi;
    return {
      ...ffi,
      blockingLaunch: (handle, input) => {
        if (this.instance !== undefined) this.env.stack.used = stackUsed(this.instance);
        return ffi.blockingLaunch(handle, input);
      },
    };
  }

  private guarded(run: () => unknown): CallResult {
    const frame = this.frames.push();
    try {
      const value = run();
      return { kind: 'returned', value, output: frame.output };
    } catch (e) {
      if (isSimAbort(e)) throw e;
      if (isStackOverflow(e)) throw stackExhausted();
      if (isFuelExhausted(e)) return { kind: 'fuel', fuel: this.env.fuel };
      if (frame.panic !== undefined) return { kind: 'panic', panic: frame.panic };
      if (this.instance !== undefined && this.env.fuel > 0 && isStackLimitHit(this.instance)) {
        return { kind: 'trap', message: `call stack exhausted: Wasm frames past the ${WASM_STACK_BYTES / 1024} KiB limit` };
      }
      return { kind: 'trap', message: this.describeTrap(e) };
    } finally {
      this.frames.pop(frame);
    }
  }

  /** The trap's message and its innermost Wasm frames; never JS frames (paths differ between machines). */
  private describeTrap(e: unknown): string {
    if (!(e instanceof Error)) return String(e);
    // Checked as a value: the constructor's type is structural, so `instanceof` would narrow to never.
    const isTrap: boolean = e instanceof WebAssembly.RuntimeError;
    const message = isTrap ? e.message : `${e.name}: ${e.message}`;
    const frames: string[] = [];
    for (const line of (e.stack ?? '').split('\n').slice(1)) {
      const m = /^\s*at (?:(.*) \()?wasm:\/\/wasm\/[^:]*:wasm-function\[(\d+)\]:0x[0-9a-f]+\)?$/.exec(line);
      if (m === null) break;
      frames.push(this.frameName(Number(m[2]), m[1]));
      if (frames.length === STACK_FRAMES) break;
    }
    return frames.length === 0 ? message : `${message} (wasm stack: ${frames.join(' < ')})`;
  }

  /** A function as numbered in the file the user gave (the fuel import shifts defined functions by one). */
  private frameName(index: number, name: string | undefined): string {
    const original = this.env.fuel > 0 && index > this.loaded.importedFunctions ? index - 1 : index;
    const fallback = `$func${original}`;
    return name === undefined || name === '' || /^\$?func\d+$/.test(name) ? fallback : `${name} ${fallback}`;
  }
}

/**
 * The run's failure when a guest or module call fails outside any request: a panic
 * with its location, a trap, or an exhausted fuel budget.
 */
export function callFailure(module: string, what: string, r: CallFailure): FailureOutcome {
  switch (r.kind) {
    case 'panic':
      return failure('panic', r.panic.message, { module, file: r.panic.file, line: r.panic.line, column: r.panic.column });
    case 'trap':
      return failure('trap', `${what} trapped: ${r.message}`, { module });
    case 'fuel':
      return failure('budget-exhausted', `fuel budget of ${r.fuel} exhausted in ${module}`, { module });
  }
}
