/** The allocation bomb of shape.test.ts as a whole trace, also for a child process with a small heap to read. */
import { concat, traceOf } from './craft.js';
import { sampleHeader } from './fixtures.js';

const u32 = (n: number): Uint8Array => Uint8Array.of(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);

/** A trace whose one event chunk holds one event of `n` empty arrays: within every limit (arrays 3 deep, each count fits the bytes left). */
export function arrayBombFile(n: number): Uint8Array {
  const payload = new Uint8Array(10 + n).fill(0x90);
  payload.set(concat(Uint8Array.of(0xdd), u32(1), Uint8Array.of(0xdd), u32(n)));
  return traceOf(sampleHeader(), [payload], 1);
}
