/**
 * Delta debugging (Zeller and Hildebrandt, TSE 2002): the smallest subset of `atoms`
 * (1-minimal) for which `test` still holds, within a budget of tests.
 */
export interface TestBudget {
  left: number;
}

export function ddmin<T>(atoms: readonly T[], test: (kept: readonly T[]) => boolean, budget: TestBudget): T[] {
  let current = [...atoms];
  if (current.length === 0) return current;
  if (budget.left > 0) {
    budget.left--;
    if (test([])) return [];
  }
  let n = 2;
  while (current.length >= 2 && budget.left > 0) {
    const size = Math.ceil(current.length / n);
    let reduced = false;
    for (let start = 0; start < current.length && budget.left > 0; start += size) {
      const complement = [...current.slice(0, start), ...current.slice(start + size)];
      budget.left--;
      if (test(complement)) {
        current = complement;
        n = Math.max(n - 1, 2);
        reduced = true;
        break;
      }
    }
    if (!reduced) {
      if (n >= current.length) break;
      n = Math.min(current.length, n * 2);
    }
  }
  return current;
}
