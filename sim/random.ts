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

class AleaRng implements Rng {
  private generator: seedrandom.PRNG | undefined = undefined;
  constructor(private readonly key: string) {}
  /**
   * alea: fast, and fully determined by its key (seedrandom's default ARC4 also mixes
   * the key into a global pool, a side effect we do not want). Seeded on first draw:
   * most runs never draw from most streams, and seeding is a measurable cost.
   */
  private get prng(): seedrandom.PRNG {
    return (this.generator ??= seedrandom.alea(this.key));
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
