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

/** A strategy as callers may give it: a spec, the CLI's spelling, or pct with depth and steps left to their defaults. */
export type StrategyInput = StrategySpec | string | { readonly kind: 'pct'; readonly depth?: number; readonly steps?: number };

/**
 * `value` as a checked `StrategySpec`: a string is parsed as the CLI parses it, and a
 * pct spec gets the default depth and steps it leaves out. Throws StrategyParseError for
 * anything else (an unknown kind, a depth of 0, a JS caller's wrong type).
 */
export function strategyFrom(value: unknown): StrategySpec {
  if (typeof value === 'string') return parseStrategy(value);
  const kind = typeof value === 'object' && value !== null ? (value as { kind?: unknown }).kind : undefined;
  if (kind === 'fifo' || kind === 'random') return { kind };
  if (kind === 'pct') {
    const { depth = DEFAULT_PCT_DEPTH, steps = DEFAULT_PCT_STEPS } = value as { depth?: unknown; steps?: unknown };
    for (const [name, n] of [['depth', depth], ['steps', steps]] as const) {
      if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1) throw new StrategyParseError(`pct ${name} must be a whole number at least 1, got ${String(n)}`);
    }
    return { kind: 'pct', depth: depth as number, steps: steps as number };
  }
  throw new StrategyParseError(`strategy must be fifo, random or pct (a spec or its CLI spelling), got ${typeof value === 'string' ? value : JSON.stringify(value) ?? String(value)}`);
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
