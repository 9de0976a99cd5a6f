/** fast-check arbitraries for trace events of every tag, built from the schema table. */
import fc from 'fast-check';
import type { TraceEvent, TraceEventTag } from '../../../sim/events.js';
import type { RunOutcome } from '../../../sim/outcome.js';
import { FAILURE_REASONS, FFI_CALL_NAMES, MODULE_FAULT_KINDS } from '../../../recorder/enums.js';
import type { FieldKindName } from '../../../recorder/fields.js';
import { EVENT_FIELDS } from '../../../recorder/schema.js';

const U64_MAX = (1n << 64n) - 1n;

/** Integers of every size a field may hold, including times beyond 2^32. */
export const int = fc.oneof(
  fc.integer({ min: -64, max: 300 }),
  fc.integer(),
  fc.integer({ min: 2 ** 32 - 2, max: 2 ** 42 }),
  fc.maxSafeInteger(),
);

/** u64 values, weighted to the edges: small, around 2^32, and at and above 2^63. */
export const u64 = fc.oneof(
  fc.bigInt({ min: 0n, max: 1000n }),
  fc.bigInt({ min: 0xffff_fff0n, max: 0x1_0000_0010n }),
  fc.bigInt({ min: 0n, max: U64_MAX }),
  fc.bigInt({ min: 1n << 63n, max: U64_MAX }),
  fc.constantFrom(0n, (1n << 63n) - 1n, 1n << 63n, U64_MAX),
);

const withoutLoneSurrogates = (s: string): boolean => Buffer.from(s, 'utf8').toString('utf8') === s;

/**
 * Strings without lone surrogates (which are stored as U+FFFD; see FORMAT.md): mostly
 * short, sometimes past the 64 UTF-16 units from which the writer hands a string to
 * Buffer#write, and past the 255 bytes of a str 8.
 */
export const text = fc.oneof(
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }).filter(withoutLoneSurrogates), weight: 6 },
  { arbitrary: fc.string({ unit: 'binary', minLength: 60, maxLength: 200 }).filter(withoutLoneSurrogates), weight: 1 },
);

/** Byte strings: mostly short (copied byte by byte), sometimes bin 16, now and then bin 32. */
const bytes = fc.oneof(
  { arbitrary: fc.uint8Array({ maxLength: 64 }), weight: 8 },
  { arbitrary: fc.uint8Array({ minLength: 250, maxLength: 300 }), weight: 1 },
  { arbitrary: fc.integer({ min: 65_536, max: 66_000 }).map((n) => new Uint8Array(n).fill(n & 0xff)), weight: 1 },
);

const arg = fc.oneof(
  fc.integer(),
  fc.bigInt({ min: -(1n << 63n), max: U64_MAX }),
  fc.double().filter((d) => !Object.is(d, -0)),
);

export const outcome: fc.Arbitrary<RunOutcome> = fc.oneof(
  fc.constant<RunOutcome>({ kind: 'pass' }),
  fc
    .record(
      {
        reason: fc.constantFrom(...FAILURE_REASONS),
        message: text,
        module: text,
        file: text,
        line: fc.nat(),
        column: fc.nat(),
      },
      { requiredKeys: ['reason', 'message'] },
    )
    .map((r): RunOutcome => {
      // declaration order, absent optional fields left out
      const out: Record<string, unknown> = { kind: 'failure', reason: r.reason, message: r.message };
      for (const key of ['module', 'file', 'line', 'column'] as const) if (r[key] !== undefined) out[key] = r[key];
      return out as unknown as RunOutcome;
    }),
);

const KIND_ARBITRARIES: { readonly [K in FieldKindName]: fc.Arbitrary<unknown> } = {
  int,
  u64,
  str: text,
  bool: fc.boolean(),
  bytes,
  ints: fc.array(int, { maxLength: 8 }),
  args: fc.array(arg, { maxLength: 8 }),
  ffiCall: fc.constantFrom(...FFI_CALL_NAMES),
  faultKind: fc.constantFrom(...MODULE_FAULT_KINDS),
  outcome,
};

/** Arbitrary events of one tag, fields in declaration order. */
export function eventOf(tag: TraceEventTag): fc.Arbitrary<TraceEvent> {
  const fields: readonly (readonly [string, FieldKindName])[] = EVENT_FIELDS[tag];
  return fc.tuple(...fields.map(([, kind]) => KIND_ARBITRARIES[kind])).map((values) => {
    const event: Record<string, unknown> = { t: tag };
    fields.forEach(([name], i) => {
      event[name] = values[i];
    });
    return event as unknown as TraceEvent;
  });
}

/** Arbitrary events of any tag. */
export const anyEvent: fc.Arbitrary<TraceEvent> = fc.oneof(
  ...(Object.keys(EVENT_FIELDS) as TraceEventTag[]).map((tag) => eventOf(tag)),
);
