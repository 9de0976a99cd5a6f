/**
 * Where the host's policy randomness comes from. Seeded in a normal run; in a replay,
 * the values recorded in the trace, so a trace stays replayable when the code starts
 * drawing random numbers in a different order.
 */
import type { EventSink } from '../events.js';
import type { Rng, SeedStreams } from '../random.js';
import type { LatencySpec } from './policies.js';

export interface DrawSource {
  latency(spec: LatencySpec): number;
  fault(probability: number): boolean;
  /** A nonzero u64. */
  handle(): bigint;
}

export function drawLatency(rng: Rng, spec: LatencySpec): number {
  return spec.kind === 'fixed' ? spec.us : spec.min + rng.below(spec.max - spec.min + 1);
}

/** Draws from the seed: one independent stream per policy. */
export class SeededDraws implements DrawSource {
  private readonly latencyRng: Rng;
  private readonly faultRng: Rng;
  private readonly handleRng: Rng;
  constructor(streams: SeedStreams) {
    this.latencyRng = streams.stream('latency');
    this.faultRng = streams.stream('faults');
    this.handleRng = streams.stream('handles');
  }
  latency(spec: LatencySpec): number {
    return drawLatency(this.latencyRng, spec);
  }
  fault(probability: number): boolean {
    return this.faultRng.next() < probability;
  }
  handle(): bigint {
    for (;;) {
      const v = (BigInt(this.handleRng.uint32()) << 32n) | BigInt(this.handleRng.uint32());
      if (v !== 0n) return v;
    }
  }
}

/** Emits a `draw.*` event for every value, whatever its source. */
export class RecordedDraws implements DrawSource {
  constructor(
    private readonly source: DrawSource,
    private readonly sink: EventSink,
    private readonly now: () => number,
  ) {}
  latency(spec: LatencySpec): number {
    const value = this.source.latency(spec);
    this.sink.emit({ t: 'draw.latency', at: this.now(), value });
    return value;
  }
  fault(probability: number): boolean {
    const value = this.source.fault(probability);
    this.sink.emit({ t: 'draw.fault', at: this.now(), value });
    return value;
  }
  handle(): bigint {
    const value = this.source.handle();
    this.sink.emit({ t: 'draw.handle', at: this.now(), value });
    return value;
  }
}
