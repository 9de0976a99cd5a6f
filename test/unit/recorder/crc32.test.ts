import test from 'ava';
import fc from 'fast-check';
import { crc32, crc32Update } from '../../../recorder/index.js';

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

test('crc32 matches the CRC-32/IEEE check value and known vectors', (t) => {
  t.is(crc32(ascii('123456789')), 0xcbf43926);
  t.is(crc32(new Uint8Array(0)), 0);
  t.is(crc32(ascii('a')), 0xe8b7be43);
  t.is(crc32(ascii('The quick brown fox jumps over the lazy dog')), 0x414fa339);
  t.is(crc32(new Uint8Array(32)), 0x190a55ad);
  t.is(crc32(new Uint8Array(32).fill(0xff)), 0xff6cab0b);
});

test('crc32Update continues a CRC across pieces and ranges', (t) => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(), (bytes, cut) => {
      const at = bytes.length === 0 ? 0 : cut % (bytes.length + 1);
      t.is(crc32Update(crc32Update(0, bytes.subarray(0, at)), bytes.subarray(at)), crc32(bytes));
      t.is(crc32Update(crc32Update(0, bytes, 0, at), bytes, at), crc32(bytes));
    }),
  );
});

/** CRC-32/IEEE bit by bit, straight from the definition: a reference independent of zlib and of any table. */
function referenceCrc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

test('crc32 agrees with a bit-by-bit reference, for short (JavaScript) and long (zlib) inputs', (t) => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
      t.is(crc32(bytes), referenceCrc32(bytes));
    }),
  );
  for (const length of [63, 64, 65, 4096]) {
    const bytes = Uint8Array.from({ length }, (_, i) => (i * 31) & 0xff);
    t.is(crc32(bytes), referenceCrc32(bytes), `${length} bytes`);
    t.is(crc32Update(crc32Update(0, bytes, 0, 10), bytes, 10), referenceCrc32(bytes));
  }
});
