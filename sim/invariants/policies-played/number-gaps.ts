/**
 * The numbers a counter skipped, as ranges: a host that jumps from 1 to 2^64-1 skips
 * more numbers than a set could hold. Each range remembers the issue that skipped it.
 */
interface Gap {
  readonly lo: bigint;
  readonly hi: bigint;
  /** What issued the number above the range (`create_function issued handle 9 at t=0`). */
  readonly by: string;
}

export class NumberGaps {
  /** Ascending, disjoint. */
  private readonly gaps: Gap[] = [];

  /** `lo..hi` (inclusive) were skipped; both above every range so far. */
  add(lo: bigint, hi: bigint, by: string): void {
    this.gaps.push({ lo, hi, by });
  }

  /** Fills `n` if it is in a gap. */
  take(n: bigint): boolean {
    const i = this.gaps.findIndex((g) => g.lo <= n && n <= g.hi);
    if (i < 0) return false;
    const g = this.gaps[i] as Gap;
    const parts: Gap[] = [];
    if (g.lo < n) parts.push({ lo: g.lo, hi: n - 1n, by: g.by });
    if (n < g.hi) parts.push({ lo: n + 1n, hi: g.hi, by: g.by });
    this.gaps.splice(i, 1, ...parts);
    return true;
  }

  /** How many numbers are still skipped. */
  count(): bigint {
    let n = 0n;
    for (const g of this.gaps) n += g.hi - g.lo + 1n;
    return n;
  }

  /** The lowest number still skipped, and what skipped it. */
  first(): { readonly n: bigint; readonly by: string } | undefined {
    const g = this.gaps[0];
    return g === undefined ? undefined : { n: g.lo, by: g.by };
  }
}
