/**
 * A Wasm instance's linear memory as the FFI binding sees it: every access is
 * bounds-checked against the memory's size at that moment (it may have grown
 * since the last call), with pointers and lengths taken as u32.
 *
 * Gotchas: the memory is attached after instantiation (imports exist before the
 * exports do); until then, and for a module exporting no `memory`, its size is 0
 * and only empty ranges at 0 are inside it.
 */
import type { WasmMemory } from './webassembly.js';

export class GuestMemory {
  private memory: WasmMemory | undefined = undefined;

  attach(memory: WasmMemory | undefined): void {
    this.memory = memory;
  }

  /** Bytes in the memory now. */
  get size(): number {
    return this.memory?.buffer.byteLength ?? 0;
  }

  /** Whether `[ptr, ptr + len)` lies inside the memory; `ptr` and `len` are u32 values. */
  contains(ptr: number, len: number): boolean {
    // Plain number arithmetic: ptr + len cannot wrap around as u32 arithmetic would.
    return ptr + len <= this.size;
  }

  /** A copy of `[ptr, ptr + len)`; the range must be inside. */
  read(ptr: number, len: number): Uint8Array {
    if (len === 0) return new Uint8Array(0);
    return new Uint8Array(this.buffer(), ptr, len).slice();
  }

  write(ptr: number, bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    new Uint8Array(this.buffer(), ptr, bytes.length).set(bytes);
  }

  writeU64(ptr: number, value: bigint): void {
    new DataView(this.buffer(), ptr, 8).setBigUint64(0, value, true);
  }

  /** ark-api-ffi's `IsReady`: byte 0 is_ready, bytes 1-3 zero padding, bytes 4-7 size u32 LE. */
  writeIsReady(ptr: number, ready: boolean, size: number): void {
    const view = new DataView(this.buffer(), ptr, 8);
    view.setUint32(0, ready ? 1 : 0, true);
    view.setUint32(4, size >>> 0, true);
  }

  private buffer(): ArrayBuffer {
    if (this.memory === undefined) throw new RangeError('the instance has no memory');
    return this.memory.buffer;
  }
}
