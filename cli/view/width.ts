/**
 * The widest of many strings, for aligning columns. A loop, never `Math.max(...list)`:
 * spreading one argument per row overflows V8's stack at about 120k rows, and a trace
 * of a long run has far more events than that.
 */
export function widest(values: Iterable<string>, floor = 0): number {
  let w = floor;
  for (const v of values) if (v.length > w) w = v.length;
  return w;
}
