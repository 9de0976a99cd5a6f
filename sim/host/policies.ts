/**
 * The host behaviours the contract leaves open (ABI.md part 2, "Policies"), as data.
 * A run's policies are fixed before it starts and recorded in the trace header.
 */
export type ErrorTiming = 'eager' | 'deferred';

export type LatencySpec =
  | { readonly kind: 'fixed'; readonly us: number }
  | { readonly kind: 'uniform'; readonly min: number; readonly max: number };

export type HandleNumbering = 'sequential' | 'random';

export interface Policies {
  readonly errors: ErrorTiming;
  readonly latency: LatencySpec;
  readonly handles: HandleNumbering;
  /** Probability in [0, 1] that a launch fails with an injected InternalError. */
  readonly faults: number;
}

/**
 * The default latency varies (0 to 3 frames) so async completions reorder between
 * seeds; a fixed default would hide every ordering bug.
 */
export const DEFAULT_POLICIES: Policies = {
  errors: 'eager',
  latency: { kind: 'uniform', min: 0, max: 50_000 },
  handles: 'sequential',
  faults: 0,
};

export class PolicyParseError extends Error {
  override readonly name = 'PolicyParseError';
}

export function formatLatency(l: LatencySpec): string {
  return l.kind === 'fixed' ? `fixed:${l.us}` : `uniform:${l.min}-${l.max}`;
}

/**
 * Decimal digits as a whole number of microseconds. Gotcha: past 2^53-1 `Number()`
 * rounds (9007199254740993 becomes ...992, 99999999999999999999 becomes 1e20), and the
 * recorded policy would no longer be the one asked for; such values are refused.
 */
function microseconds(digits: string, text: string): number {
  const us = Number(digits);
  if (!Number.isSafeInteger(us)) throw new PolicyParseError(`latency ${text}: ${digits} is more than ${Number.MAX_SAFE_INTEGER} us`);
  return us;
}

export function parseLatency(text: string): LatencySpec {
  const fixed = /^fixed:(\d+)$/.exec(text);
  if (fixed) return { kind: 'fixed', us: microseconds(fixed[1] as string, text) };
  const uni = /^uniform:(\d+)-(\d+)$/.exec(text);
  if (uni) {
    const min = microseconds(uni[1] as string, text);
    const max = microseconds(uni[2] as string, text);
    if (min > max) throw new PolicyParseError(`latency ${text}: MIN is greater than MAX`);
    return { kind: 'uniform', min, max };
  }
  throw new PolicyParseError(`latency must be fixed:US or uniform:MIN-MAX (virtual microseconds), got "${text}"`);
}

/** Applies one `KEY=VALUE` (the CLI's `--policy`) to a policy set. */
export function applyPolicy(base: Policies, assignment: string): Policies {
  const eq = assignment.indexOf('=');
  if (eq <= 0) throw new PolicyParseError(`policy must be KEY=VALUE, got "${assignment}"`);
  const key = assignment.slice(0, eq);
  const value = assignment.slice(eq + 1);
  switch (key) {
    case 'errors':
      if (value !== 'eager' && value !== 'deferred') {
        throw new PolicyParseError(`errors must be eager or deferred, got "${value}"`);
      }
      return { ...base, errors: value };
    case 'latency':
      return { ...base, latency: parseLatency(value) };
    case 'handles':
      if (value !== 'sequential' && value !== 'random') {
        throw new PolicyParseError(`handles must be sequential or random, got "${value}"`);
      }
      return { ...base, handles: value };
    case 'faults': {
      const p = Number(value);
      if (value === '' || !Number.isFinite(p) || p < 0 || p > 1) {
        throw new PolicyParseError(`faults must be a probability in [0, 1], got "${value}"`);
      }
      return { ...base, faults: p };
    }
    default:
      throw new PolicyParseError(`unknown policy "${key}" (known: errors, latency, handles, faults)`);
  }
}

export function parsePolicies(assignments: readonly string[], base: Policies = DEFAULT_POLICIES): Policies {
  return assignments.reduce(applyPolicy, base);
}

/** The `--policy` arguments that reproduce these policies. */
export function formatPolicies(p: Policies): string[] {
  return [`errors=${p.errors}`, `latency=${formatLatency(p.latency)}`, `handles=${p.handles}`, `faults=${p.faults}`];
}
