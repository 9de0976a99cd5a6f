/**
 * The event schema of format version 1: for every tag, its wire code and its fields in
 * the order sim/events.ts declares them. Readers rebuild events from this table, so it
 * (and traces/FORMAT.md, which a test compares with it) changes only with the format.
 */
import type { FfiCallName, TraceEvent, TraceEventTag } from '../sim/events.js';
import type { RunOutcome } from '../sim/outcome.js';
import type { AssertNever, ModuleFaultKind } from './enums.js';
import { FIELD_CODECS, type FieldCodec, type FieldKindName } from './fields.js';

export type EventOf<K extends TraceEventTag> = Extract<TraceEvent, { readonly t: K }>;

/** The kind a field of in-memory type `V` must be declared with. */
type KindOf<V> = [V] extends [bigint]
  ? 'u64'
  : [V] extends [number]
    ? 'int'
    : [V] extends [boolean]
      ? 'bool'
      : [V] extends [Uint8Array]
        ? 'bytes'
        : [V] extends [readonly number[]]
          ? 'ints'
          : [V] extends [readonly (number | bigint)[]]
            ? 'args'
            : [V] extends [RunOutcome]
              ? 'outcome'
              : [V] extends [FfiCallName]
                ? 'ffiCall'
                : [V] extends [ModuleFaultKind]
                  ? 'faultKind'
                  : [V] extends [string]
                    ? 'str'
                    : never;

type FieldNames<E> = Exclude<keyof E, 't'> & string;
type FieldEntry<E> = { [N in FieldNames<E>]: readonly [N, KindOf<E[N]>] }[FieldNames<E>];
type EventFieldTable = { readonly [K in TraceEventTag]: readonly FieldEntry<EventOf<K>>[] };

/** Every event's fields, `[name, kind]`, in declaration order (the tag `t` comes first on the wire). */
export const EVENT_FIELDS = {
  'ffi.create_function': [
    ['at', 'int'],
    ['caller', 'str'],
    ['fnType', 'int'],
    ['module', 'str'],
    ['name', 'str'],
    ['code', 'int'],
    ['handle', 'u64'],
  ],
  'ffi.remove_function': [
    ['at', 'int'],
    ['caller', 'str'],
    ['handle', 'u64'],
    ['code', 'int'],
  ],
  'ffi.launch': [
    ['at', 'int'],
    ['end', 'int'],
    ['caller', 'str'],
    ['blocking', 'bool'],
    ['handle', 'u64'],
    ['input', 'bytes'],
    ['code', 'int'],
    ['request', 'u64'],
  ],
  'ffi.is_ready': [
    ['at', 'int'],
    ['caller', 'str'],
    ['request', 'u64'],
    ['code', 'int'],
    ['ready', 'bool'],
    ['size', 'int'],
  ],
  'ffi.retrieve': [
    ['at', 'int'],
    ['caller', 'str'],
    ['request', 'u64'],
    ['len', 'int'],
    ['code', 'int'],
    ['output', 'bytes'],
  ],
  'ffi.rejected': [
    ['at', 'int'],
    ['caller', 'str'],
    ['call', 'ffiCall'],
    ['args', 'args'],
    ['reason', 'str'],
    ['code', 'int'],
  ],
  'sched.decision': [
    ['at', 'int'],
    ['step', 'int'],
    ['candidates', 'ints'],
    ['chosen', 'int'],
  ],
  'draw.latency': [
    ['at', 'int'],
    ['value', 'int'],
  ],
  'draw.fault': [
    ['at', 'int'],
    ['value', 'bool'],
  ],
  'draw.handle': [
    ['at', 'int'],
    ['value', 'u64'],
  ],
  'req.launched': [
    ['at', 'int'],
    ['request', 'u64'],
    ['caller', 'str'],
    ['module', 'str'],
    ['fn', 'str'],
    ['blocking', 'bool'],
    ['due', 'int'],
  ],
  'req.completed': [
    ['at', 'int'],
    ['request', 'u64'],
    ['caller', 'str'],
    ['code', 'int'],
    ['output', 'bytes'],
  ],
  'module.fault': [
    ['at', 'int'],
    ['request', 'u64'],
    ['caller', 'str'],
    ['module', 'str'],
    ['fn', 'str'],
    ['kind', 'faultKind'],
    ['message', 'str'],
  ],
  frame: [
    ['at', 'int'],
    ['index', 'int'],
  ],
  log: [
    ['at', 'int'],
    ['module', 'str'],
    ['message', 'str'],
  ],
  'run.outcome': [
    ['at', 'int'],
    ['outcome', 'outcome'],
  ],
} as const satisfies EventFieldTable;

/** Compiles only while every field of every event is listed above. */
export type EventFieldsComplete = AssertNever<
  {
    [K in TraceEventTag]: Exclude<FieldNames<EventOf<K>>, (typeof EVENT_FIELDS)[K][number][0]>;
  }[TraceEventTag]
>;

/**
 * The small integer each tag is stored as (field `t`), so a tag costs one byte. Codes are
 * never reused or renumbered; a new tag takes the next free code.
 */
export const WIRE_TAG_CODES = {
  'ffi.create_function': 0,
  'ffi.remove_function': 1,
  'ffi.launch': 2,
  'ffi.is_ready': 3,
  'ffi.retrieve': 4,
  'ffi.rejected': 5,
  'sched.decision': 6,
  'draw.latency': 7,
  'draw.fault': 8,
  'draw.handle': 9,
  'req.launched': 10,
  'req.completed': 11,
  'module.fault': 12,
  frame: 13,
  log: 14,
  'run.outcome': 15,
} as const satisfies { readonly [K in TraceEventTag]: number };

export interface FieldSpec {
  readonly name: string;
  readonly kind: FieldKindName;
  readonly codec: FieldCodec;
}

export interface EventSpec {
  readonly tag: TraceEventTag;
  readonly code: number;
  readonly fields: readonly FieldSpec[];
}

function buildSpecs(): EventSpec[] {
  const specs: EventSpec[] = [];
  for (const tag of Object.keys(EVENT_FIELDS) as TraceEventTag[]) {
    const fields: readonly (readonly [string, FieldKindName])[] = EVENT_FIELDS[tag];
    specs.push(
      Object.freeze({
        tag,
        code: WIRE_TAG_CODES[tag],
        fields: Object.freeze(fields.map(([name, kind]) => Object.freeze({ name, kind, codec: FIELD_CODECS[kind] }))),
      }),
    );
  }
  return specs;
}

const SPECS = buildSpecs();

/** Specs indexed by wire code (holes for unused codes). */
export const SPECS_BY_CODE: readonly (EventSpec | undefined)[] = Object.freeze(
  SPECS.reduce<(EventSpec | undefined)[]>((byCode, spec) => {
    byCode[spec.code] = spec;
    return byCode;
  }, []),
);

export const SPEC_BY_TAG: ReadonlyMap<string, EventSpec> = new Map(SPECS.map((spec) => [spec.tag, spec]));

/**
 * Version 1's specs by wire code: as above but for `req.completed` and `module.fault`,
 * which had no `caller` (version 2 added it after `request`). Read only (recorder/v1.ts).
 */
export const V1_SPECS_BY_CODE: readonly (EventSpec | undefined)[] = Object.freeze(
  SPECS_BY_CODE.map((spec) =>
    spec !== undefined && (spec.tag === 'req.completed' || spec.tag === 'module.fault')
      ? Object.freeze({ ...spec, fields: Object.freeze(spec.fields.filter((field) => field.name !== 'caller')) })
      : spec,
  ),
);
