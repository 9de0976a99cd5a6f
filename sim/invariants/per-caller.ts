/**
 * Values keyed by (calling module, handle) without building a string per lookup: the
 * invariants see every FFI event of every run. Keyed by caller too, because a broken
 * host may hand the same handle value to two modules.
 */
export class PerCaller<V> {
  private readonly byCaller = new Map<string, Map<bigint, V>>();

  get(caller: string, handle: bigint): V | undefined {
    return this.byCaller.get(caller)?.get(handle);
  }

  has(caller: string, handle: bigint): boolean {
    return this.byCaller.get(caller)?.has(handle) ?? false;
  }

  set(caller: string, handle: bigint, value: V): void {
    let m = this.byCaller.get(caller);
    if (m === undefined) {
      m = new Map();
      this.byCaller.set(caller, m);
    }
    m.set(handle, value);
  }

  delete(caller: string, handle: bigint): void {
    this.byCaller.get(caller)?.delete(handle);
  }
}
