/**
 * Which selector picks among actions runnable at the same instant.
 * `pct` is probabilistic concurrency testing (Burckhardt et al., ASPLOS 2010): random
 * task priorities plus `depth - 1` priority change points among the first `steps` steps.
 */
export type StrategySpec =
  | { readonly kind: 'fifo' }
  | { readonly kind: 'random' }
  | { readonly kind: 'pct'; readonly depth: number; readonly steps: number };

export const DEFAULT_PCT_DEPTH = 3;
/** PCT's estimate of a run's length when none was measured; `explore` measures it. */
export const DEFAULT_PCT_STEPS = 256;

export class StrategyParseError extends Error {
  override readonly name = 'StrategyParseError';
}

/** Parses `fifo`, `random`, `pct`, `pct:DEPTH` or `pct:DEPTH:STEPS`. */
export function parseStrategy(text: string): StrategySpec {
  if (text === 'fifo') return { kind: 'fifo' };
  if (text === 'random') return { kind: 'random' };
  const m = /^pct(?::(\d+))?(?::(\d+))?$/.exec(text);
  if (m) {
    const depth = m[1] === undefined ? DEFAULT_PCT_DEPTH : Number(m[1]);
    const steps = m[2] === undefined ? DEFAULT_PCT_STEPS : Number(m[2]);
    if (depth < 1) throw new StrategyParseError(`pct depth must be at least 1, got ${depth}`);
    if (steps < 1) throw new StrategyParseError(`pct steps must be at least 1, got ${steps}`);
    return { kind: 'pct', depth, steps };
  }
  throw new StrategyParseError(`strategy must be fifo, random or pct[:DEPTH], got "${text}"`);
}

export function formatStrategy(s: StrategySpec): string {
  switch (s.kind) {
    case 'fifo':
    case 'random':
      return s.kind;
    case 'pct':
      return s.steps === DEFAULT_PCT_STEPS ? `pct:${s.depth}` : `pct:${s.depth}:${s.steps}`;
  }
}
