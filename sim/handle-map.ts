/**
 * Maps and sets keyed by u64 handles. The FFI's handles are bigints, and a `Map` hashes
 * a bigint key in a runtime call on every operation, while the host and the invariants
 * look handles up several times per FFI call (about 190 times in a fan-out run).
 * Handles below 4096 (every handle of a short run under sequential numbering) are kept
 * in an array indexed by the handle; the rest in a `Map` under the number the handle
 * equals when below 2^53, else under the bigint. A lookup then costs a fifth of a
 * `Map<bigint>` lookup.
 *
 * Iteration order: handles below 4096 in ascending order, then the others in the order
 * they were added. Deterministic, as the simulator needs, but not a `Map`'s order.
 * Values must not be `undefined` (it marks an absent handle).
 */

import { u32Of } from './u32.js';

/** Handles below 2^12 = 4096 are kept in the array. */
const DENSE_BITS = 12;

/** The number `handle` equals if `0 <= handle < 2^53`, else `handle` itself. */
export function handleKey(handle: bigint): number | bigint {
  const small = u32Of(handle);
  if (small >= 0) return small;
  return BigInt.asUintN(53, handle) === handle ? Number(handle) : handle;
}

/** `handle`'s index in the array, or -1 when it is not kept there. */
function denseIndex(handle: bigint): number {
  return BigInt.asUintN(DENSE_BITS, handle) === handle ? u32Of(handle) : -1;
}

function handleOf(key: number | bigint): bigint {
  return typeof key === 'bigint' ? key : BigInt(key);
}

/** A map from u64 handles to values, with cheap lookups (see above). */
export class HandleMap<V> {
  private readonly dense: (V | undefined)[] = [];
  private denseSize = 0;
  private sparse: Map<number | bigint, V> | undefined = undefined;

  get size(): number {
    return this.denseSize + (this.sparse?.size ?? 0);
  }

  get(handle: bigint): V | undefined {
    const i = denseIndex(handle);
    return i >= 0 ? this.dense[i] : this.sparse?.get(handleKey(handle));
  }

  has(handle: bigint): boolean {
    return this.get(handle) !== undefined;
  }

  set(handle: bigint, value: V): this {
    const i = denseIndex(handle);
    if (i < 0) (this.sparse ??= new Map()).set(handleKey(handle), value);
    else {
      // fill up to i, so the array stays packed (holes would make every load check the prototype chain)
      const dense = this.dense;
      while (dense.length <= i) dense.push(undefined);
      if (dense[i] === undefined) this.denseSize++;
      dense[i] = value;
    }
    return this;
  }

  delete(handle: bigint): boolean {
    const i = denseIndex(handle);
    if (i < 0) return this.sparse?.delete(handleKey(handle)) ?? false;
    if (this.dense[i] === undefined) return false;
    this.dense[i] = undefined;
    this.denseSize--;
    return true;
  }

  *entries(): IterableIterator<[bigint, V]> {
    const dense = this.dense;
    for (let i = 0; i < dense.length; i++) {
      const value = dense[i];
      if (value !== undefined) yield [BigInt(i), value];
    }
    if (this.sparse !== undefined) for (const [key, value] of this.sparse) yield [handleOf(key), value];
  }

  *keys(): IterableIterator<bigint> {
    for (const [handle] of this.entries()) yield handle;
  }

  *values(): IterableIterator<V> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): IterableIterator<[bigint, V]> {
    return this.entries();
  }
}

/** A set of u64 handles, with cheap lookups (see above); iterates as `HandleMap`. */
export class HandleSet {
  private readonly map = new HandleMap<true>();

  get size(): number {
    return this.map.size;
  }

  has(handle: bigint): boolean {
    return this.map.has(handle);
  }

  add(handle: bigint): this {
    this.map.set(handle, true);
    return this;
  }

  delete(handle: bigint): boolean {
    return this.map.delete(handle);
  }

  values(): IterableIterator<bigint> {
    return this.map.keys();
  }

  [Symbol.iterator](): IterableIterator<bigint> {
    return this.values();
  }
}
