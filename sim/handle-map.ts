/**
 * Maps and sets keyed by u64 handles. The FFI's handles are bigints, and a `Map` hashes
 * a bigint key in a runtime call on every operation; a small number it hashes in a few
 * instructions. The host and the invariants look handles up several times per FFI call,
 * so these store each handle under the number it equals when it is below 2^53 (every
 * handle, under sequential numbering) and under the bigint itself otherwise: a lookup
 * costs half as much (measured: 13 ns to 6.5 ns per `get`). Each handle has exactly one
 * key, so behaviour and iteration order are those of a `Map<bigint, V>`.
 */

const U64 = new BigUint64Array(1);
const U32 = new Uint32Array(U64.buffer);
/** Index of the low 32 bits of `U64[0]` in `U32`. */
const LOW = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1 ? 0 : 1;

/** The key `handle` is stored under: the number it equals if `0 <= handle < 2^53`, else `handle`. */
export function handleKey(handle: bigint): number | bigint {
  // asUintN and a typed-array store are inlined; Number(handle) is a runtime call
  if (BigInt.asUintN(32, handle) === handle) {
    U64[0] = handle;
    return U32[LOW] as number;
  }
  return BigInt.asUintN(53, handle) === handle ? Number(handle) : handle;
}

function handleOf(key: number | bigint): bigint {
  return typeof key === 'bigint' ? key : BigInt(key);
}

/** A `Map<bigint, V>` for u64 handles, with cheaper lookups (see above). */
export class HandleMap<V> {
  private readonly map = new Map<number | bigint, V>();

  get size(): number {
    return this.map.size;
  }

  get(handle: bigint): V | undefined {
    return this.map.get(handleKey(handle));
  }

  has(handle: bigint): boolean {
    return this.map.has(handleKey(handle));
  }

  set(handle: bigint, value: V): this {
    this.map.set(handleKey(handle), value);
    return this;
  }

  delete(handle: bigint): boolean {
    return this.map.delete(handleKey(handle));
  }

  clear(): void {
    this.map.clear();
  }

  values(): IterableIterator<V> {
    return this.map.values();
  }

  *keys(): IterableIterator<bigint> {
    for (const key of this.map.keys()) yield handleOf(key);
  }

  *entries(): IterableIterator<[bigint, V]> {
    for (const [key, value] of this.map) yield [handleOf(key), value];
  }

  [Symbol.iterator](): IterableIterator<[bigint, V]> {
    return this.entries();
  }
}

/** A `Set<bigint>` for u64 handles, with cheaper lookups (see above). */
export class HandleSet {
  private readonly set = new Set<number | bigint>();

  get size(): number {
    return this.set.size;
  }

  has(handle: bigint): boolean {
    return this.set.has(handleKey(handle));
  }

  add(handle: bigint): this {
    this.set.add(handleKey(handle));
    return this;
  }

  delete(handle: bigint): boolean {
    return this.set.delete(handleKey(handle));
  }

  *values(): IterableIterator<bigint> {
    for (const key of this.set) yield handleOf(key);
  }

  [Symbol.iterator](): IterableIterator<bigint> {
    return this.values();
  }
}
