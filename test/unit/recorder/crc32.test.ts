import test from 'ava';
import fc from 'fast-check';
import * as zlib from 'node:zlib';
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

test('crc32 agrees with zlib', (t) => {
  const zcrc = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;
  if (zcrc === undefined) {
    t.pass('this Node has no zlib.crc32');
    return;
  }
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
      t.is(crc32(bytes), zcrc(bytes));
    }),
  );
});
