/** worker.expand's pattern, built by 256-byte rows, equals its byte-by-byte definition. */
import test from 'ava';
import fc from 'fast-check';
import { expandOutput } from '../../../scenarios/modules/worker.js';

function byDefinition(size: number, seed: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = (seed + i * 31 + (i >>> 8) + (i >>> 16)) & 0xff;
  return out;
}

test('expandOutput is (seed + 31i + (i >>> 8) + (i >>> 16)) & 0xff at every byte', (t) => {
  const sizes = fc.oneof(fc.nat(600), fc.integer({ min: 65_530, max: 65_800 }), fc.constantFrom(0, 1, 255, 256, 257, (1 << 20) - 5, (1 << 20) + 1, (1 << 24) + 300));
  fc.assert(
    fc.property(sizes, fc.nat(255), (size, seed) => {
      t.true(Buffer.from(expandOutput(size, seed)).equals(byDefinition(size, seed)), `size ${size} seed ${seed}`);
    }),
    { numRuns: 120 },
  );
});
