/**
 * `ark-core-v0.core__return_slice` and `ark-core-v2.core__register_panic`, and the
 * per-call frames they report into. Every call into an instance pushes a frame, so
 * nested and re-entrant invocations of one instance (a function that blocking-
 * launches its own module) each keep their own output and panic.
 */
import { ErrorCode } from '../host/codes.js';
import type { GuestMemory } from './guest-memory.js';
import { CORE_V0, CORE_V2 } from './abi-imports.js';

/** What a Rust guest's panic hook reported before trapping. */
export interface PanicReport {
  readonly message: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export interface CallFrame {
  /** The bytes of the last successful `core__return_slice` of this call, copied at that call. */
  output: Uint8Array | undefined;
  panic: PanicReport | undefined;
}

/** The frames of the calls into one instance that are running now, innermost last. */
export class CallFrames {
  private readonly frames: CallFrame[] = [];

  push(): CallFrame {
    const frame: CallFrame = { output: undefined, panic: undefined };
    this.frames.push(frame);
    return frame;
  }

  /** Pops `frame` and anything above it (left there only if an exception skipped a pop). */
  pop(frame: CallFrame): void {
    const i = this.frames.lastIndexOf(frame);
    if (i >= 0) this.frames.length = i;
  }

  get top(): CallFrame | undefined {
    return this.frames[this.frames.length - 1];
  }
}

// ignoreBOM: panic text keeps a leading U+FEFF, as the guest wrote it.
const lossy = new TextDecoder('utf-8', { ignoreBOM: true });

export function coreImports(memory: GuestMemory, frames: CallFrames): Record<string, Record<string, (...args: never[]) => number>> {
  const text = (ptr: number, len: number, what: string): string =>
    memory.contains(ptr, len) ? lossy.decode(memory.read(ptr, len)) : `<${what} outside memory>`;
  return {
    [CORE_V0]: {
      // `len` is the element count; the output is `size` bytes.
      core__return_slice: (rawPtr: number, _len: number, rawSize: number): number => {
        const [ptr, size] = [rawPtr >>> 0, rawSize >>> 0];
        if (!memory.contains(ptr, size)) return ErrorCode.InvalidArguments;
        const frame = frames.top;
        if (frame !== undefined) frame.output = memory.read(ptr, size);
        return ErrorCode.Success;
      },
    },
    [CORE_V2]: {
      core__register_panic: (
        msgPtr: number,
        msgLen: number,
        filePtr: number,
        fileLen: number,
        line: number,
        column: number,
      ): number => {
        const frame = frames.top;
        if (frame !== undefined) {
          frame.panic = {
            message: text(msgPtr >>> 0, msgLen >>> 0, 'panic message'),
            file: text(filePtr >>> 0, fileLen >>> 0, 'file name'),
            line: line >>> 0,
            column: column >>> 0,
          };
        }
        return ErrorCode.Success;
      },
    },
  };
}
