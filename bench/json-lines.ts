/**
 * Trace events as JSON lines, the baseline format trace-size and replay-decode compare
 * against: bigints as decimal strings, byte strings as hex, revived by field name.
 */
import type { TraceEvent } from '../sim/events.js';

function toJsonValue(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex');
  return value;
}

const BIGINT_FIELDS = new Set(['handle', 'request']);
const BYTES_FIELDS = new Set(['input', 'output']);

function fromJsonValue(this: Record<string, unknown>, key: string, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (BIGINT_FIELDS.has(key) || (key === 'value' && this.t === 'draw.handle')) return BigInt(value);
  if (BYTES_FIELDS.has(key)) return new Uint8Array(Buffer.from(value, 'hex'));
  return value;
}

/** One event as one line of JSON, without the newline. */
export function jsonLine(event: TraceEvent): string {
  return JSON.stringify(event, toJsonValue);
}

/** `jsonLine` reversed: bigints and byte strings come back typed. */
export function parseJsonLine(line: string): TraceEvent {
  return JSON.parse(line, fromJsonValue) as TraceEvent;
}
