/**
 * What a benchmark reports: figures, each a value against a baseline measured in the
 * same process, with a target on the value or on the ratio.
 */

/** A bound on one number of a figure. `null` target: informational, always met. */
export interface Target {
  /** Which number the bound applies to. */
  readonly on: 'ratio' | 'value';
  readonly op: '<=' | '>=';
  readonly bound: number;
}

export interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly baseline: number | null;
  /** Defined per figure (value/baseline, or baseline/value for "times smaller"); see `ratioMeans`. */
  readonly ratio: number | null;
  /** What the ratio says, for the table: `arksim / VTS time`, `JSON / msgpack size`. */
  readonly ratioMeans: string;
  readonly target: Target | null;
  /** One line of context for the table (sizes, counts, the other number of a pair). */
  readonly note: string;
}

export interface Benchmark {
  /** For `--only`. */
  readonly name: string;
  run(): Promise<readonly Figure[]>;
}

/** Whether a figure meets its target. */
export function met(figure: Figure): boolean {
  const t = figure.target;
  if (t === null) return true;
  const x = t.on === 'ratio' ? figure.ratio : figure.value;
  if (x === null || !Number.isFinite(x)) return false;
  return t.op === '<=' ? x <= t.bound : x >= t.bound;
}

/** `ratio <= 1.5`, `value >= 1000000`, or `-`. */
export function describeTarget(t: Target | null): string {
  return t === null ? '-' : `${t.on} ${t.op === '<=' ? '≤' : '≥'} ${t.bound}`;
}

/** The `--json` entry: exactly these keys, in this order. */
export function toJson(figure: Figure): {
  name: string;
  value: number;
  unit: string;
  baseline: number | null;
  ratio: number | null;
  target: number | null;
  met: boolean;
} {
  return {
    name: figure.name,
    value: figure.value,
    unit: figure.unit,
    baseline: figure.baseline,
    ratio: figure.ratio,
    target: figure.target?.bound ?? null,
    met: met(figure),
  };
}

/** Progress for a human, on stderr so `--json` output stays clean. */
export function progress(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}
