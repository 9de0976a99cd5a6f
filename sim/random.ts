/**
 * Seeds and seeded random streams. A seed is a number or a string, normalised once to
 * a string; each subsystem draws from its own stream derived from (seed, name), so an
 * extra draw in one subsystem never shifts another's values.
 */
import seedrandom from 'seedrandom';

/** A deterministic source of numbers, drawn from the seed; never the global generator. */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n), for n >= 1. */
  below(n: number): number;
  /** An unsigned 32-bit integer. */
  uint32(): number;
}

/** The canonical text of a seed: numbers and strings of digits normalise alike. */
export function normalizeSeed(seed: number | string | bigint): string {
  if (typeof seed === 'number') {
    if (!Number.isFinite(seed)) throw new RangeError(`seed must be finite, got ${seed}`);
    return String(seed);
  }
  return String(seed);
}

/** 2^-32. */
const TWO_POW_MINUS_32 = 2.3283064365386963e-10;

/**
 * Baagoe's Mash, as seedrandom's alea seeds with it: `n` is the hash state, `data` is
 * mixed in, and the new state is returned (its hash value is `(n >>> 0) * 2^-32`).
 */
function mash(n: number, data: string): number {
  for (let i = 0; i < data.length; i++) {
    n += data.charCodeAt(i);
    let h = 0.02519603282416938 * n;
    n = h >>> 0;
    h -= n;
    h *= n;
    n = h >>> 0;
    h -= n;
    n += h * 0x100000000;
  }
  return n;
}

/** Mash's state and alea's three seeds after alea's first step, `s0..s2 = mash(' ')`: the same for every key. */
const SPACE = (() => {
  let n = 0xefc8249d;
  const s: number[] = [];
  for (let i = 0; i < 3; i++) {
    n = mash(n, ' ');
    s.push((n >>> 0) * TWO_POW_MINUS_32);
  }
  return { n, s0: s[0] as number, s1: s[1] as number, s2: s[2] as number };
})();

/**
 * seedrandom's `State.Alea`, spelled out here: a public declaration must not need
 * `@types/seedrandom` (a development dependency) to type-check in a user's project.
 */
export interface AleaState {
  c: number;
  s0: number;
  s1: number;
  s2: number;
}

/**
 * The state `seedrandom.alea(key)` starts in, computed as alea's constructor does. Why
 * not let it: its Mash keeps the hash state in a closure variable, which V8 stores as a
 * new heap number at every step; here it stays in a register, seeding in half the time
 * (seeding is a tenth of a short run). test/unit/random.test.ts checks the two agree.
 */
export function aleaSeedState(key: string): AleaState {
  let n = mash(SPACE.n, key);
  let s0 = SPACE.s0 - (n >>> 0) * TWO_POW_MINUS_32;
  if (s0 < 0) s0 += 1;
  n = mash(n, key);
  let s1 = SPACE.s1 - (n >>> 0) * TWO_POW_MINUS_32;
  if (s1 < 0) s1 += 1;
  n = mash(n, key);
  let s2 = SPACE.s2 - (n >>> 0) * TWO_POW_MINUS_32;
  if (s2 < 0) s2 += 1;
  return { c: 1, s0, s1, s2 };
}

class AleaRng implements Rng {
  private generator: seedrandom.PRNG | undefined = undefined;
  constructor(private readonly key: string) {}
  /**
   * alea: fast, and fully determined by its key (seedrandom's default ARC4 also mixes
   * the key into a global pool, a side effect we do not want). Seeded on first draw:
   * most runs never draw from most streams, and seeding is a measurable cost. The
   * generator is seedrandom's, started from `aleaSeedState(key)`: the stream of
   * `seedrandom.alea(key)`, value for value.
   */
  private get prng(): seedrandom.PRNG {
    return (this.generator ??= seedrandom.alea('', { state: aleaSeedState(this.key) }));
  }
  next(): number {
    return this.prng.quick();
  }
  below(n: number): number {
    return Math.floor(this.prng.quick() * n);
  }
  uint32(): number {
    return this.prng.int32() >>> 0;
  }
}

/** The subsystems that draw randomness; each gets an independent stream. */
export type StreamName = 'scheduler' | 'latency' | 'faults' | 'handles' | 'inputs' | 'swarm' | 'shrink';

export class SeedStreams {
  readonly seed: string;
  private readonly streams = new Map<string, Rng>();
  constructor(seed: number | string | bigint) {
    this.seed = normalizeSeed(seed);
  }
  /** The stream for a subsystem; the same object on every call in one run. */
  stream(name: StreamName | `${StreamName}:${string}`): Rng {
    let rng = this.streams.get(name);
    if (rng === undefined) {
      rng = new AleaRng(`${this.seed}\u0000${name}`);
      this.streams.set(name, rng);
    }
    return rng;
  }
}
