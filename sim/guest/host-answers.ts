/**
 * What a host may answer, checked before anything sees it: a `ModuleRunHost` under
 * development can return anything at run time, and a malformed answer must neither be
 * blamed on the guest (a TypeError thrown into it) nor reach the trace, whose writer
 * would refuse it. `bindGuestFfi` turns a misfit into InternalError for the caller and an
 * `ffi.rejected` event naming it, as it does for a host that throws.
 */
import { MAX_PAYLOAD_BYTES } from '../bytes.js';
import { codeName, ErrorCode } from '../host/codes.js';
import { describe, notU32, notU64 } from './ffi-arguments.js';

const CODES: ReadonlySet<unknown> = new Set(Object.values(ErrorCode));

/** The answer's code, if it is one of ark-api-ffi's; else why not. */
function badCode(answer: unknown): string | undefined {
  if (typeof answer !== 'object' || answer === null) return `${describe(answer)}, not { code, value }`;
  const code = (answer as { code?: unknown }).code;
  return CODES.has(code) ? undefined : `${typeof code === 'number' ? codeName(code) : `code ${describe(code)}`}, not an ErrorCode`;
}

/** A handle answer (create_function, launch): Success with a u64 bigint, or an error code. */
export function badHandleAnswer(answer: unknown): string | undefined {
  const bad = badCode(answer);
  if (bad !== undefined || (answer as { code: number }).code !== ErrorCode.Success) return bad;
  return notU64('handle', (answer as { value?: unknown }).value);
}

/** An is_ready answer: Success with `{ ready: boolean, size: u32 }`, or an error code. */
export function badReadyAnswer(answer: unknown): string | undefined {
  const bad = badCode(answer);
  if (bad !== undefined || (answer as { code: number }).code !== ErrorCode.Success) return bad;
  const value = (answer as { value?: unknown }).value;
  if (typeof value !== 'object' || value === null) return `value: ${describe(value)}, not { ready, size }`;
  const { ready, size } = value as { ready?: unknown; size?: unknown };
  if (typeof ready !== 'boolean') return `ready: ${describe(ready)}, not a boolean`;
  return notU32('size', size);
}

/** A retrieve answer: Success with bytes a trace can hold, or an error code. */
export function badBytesAnswer(answer: unknown): string | undefined {
  const bad = badCode(answer);
  if (bad !== undefined || (answer as { code: number }).code !== ErrorCode.Success) return bad;
  const value = (answer as { value?: unknown }).value;
  if (!(value instanceof Uint8Array)) return `output: ${describe(value)}, not a Uint8Array`;
  return value.length > MAX_PAYLOAD_BYTES ? `output: ${value.length} bytes exceed the ${MAX_PAYLOAD_BYTES} a trace can record` : undefined;
}

/** A remove_function answer: an ErrorCode. */
export function badCodeAnswer(code: unknown): string | undefined {
  return CODES.has(code) ? undefined : `${typeof code === 'number' ? codeName(code) : describe(code)}, not an ErrorCode`;
}
