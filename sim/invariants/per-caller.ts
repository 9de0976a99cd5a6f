import { HandleMap } from '../handle-map.js';

/**
 * Values keyed by (calling module, handle) without building a string per lookup: the
 * invariants see every FFI event of every run. Keyed by caller too, because a handle
 * means something only to the module that got it: a host may number each module's
 * handles on its own, so two modules may hold the same value.
 */
export class PerCaller<V> {
  private readonly byCaller = new Map<string, HandleMap<V>>();
  // Nearly every event comes from the caller before it (most runs have one guest).
  private lastCaller: string | undefined = undefined;
  private lastMap: HandleMap<V> | undefined = undefined;

  private of(caller: string): HandleMap<V> | undefined {
    if (caller !== this.lastCaller) {
      this.lastCaller = caller;
      this.lastMap = this.byCaller.get(caller);
    }
    return this.lastMap;
  }

  get(caller: string, handle: bigint): V | undefined {
    return this.of(caller)?.get(handle);
  }

  has(caller: string, handle: bigint): boolean {
    return this.of(caller)?.has(handle) ?? false;
  }

  set(caller: string, handle: bigint, value: V): void {
    let m = this.of(caller);
    if (m === undefined) {
      m = new HandleMap();
      this.byCaller.set(caller, m);
      this.lastMap = m;
    }
    m.set(handle, value);
  }

  delete(caller: string, handle: bigint): void {
    this.of(caller)?.delete(handle);
  }
}
