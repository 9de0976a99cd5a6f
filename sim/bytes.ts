/**
 * Bytes that cross a module boundary (a launch's input, a function's output): each side
 * gets its own copy, and none is larger than a trace can record.
 */

/**
 * The most bytes one launch input or one function output may have: a trace's largest
 * byte string (`TRACE_LIMITS.maxBinBytes` in recorder/limits.ts, checked equal by a
 * test). A larger one could run unrecorded but not recorded, so it is refused in both.
 */
export const MAX_PAYLOAD_BYTES = 16 * 1024 * 1024;

/**
 * The longest module or function name `create_function` accepts, in UTF-8 bytes: a
 * trace's longest string (`TRACE_LIMITS.maxStringBytes`, checked equal by a test).
 */
export const MAX_NAME_BYTES = 1024 * 1024;

/**
 * A new plain Uint8Array with the bytes of `bytes` (of the view only, not its whole buffer).
 *
 * Gotchas: not `bytes.slice()`, which on a Node Buffer is a view of the same memory, and
 * on any other subclass makes whatever its species constructor makes. A view of a
 * detached buffer (transferred away) reads as empty.
 */
export function copyBytes(bytes: Uint8Array): Uint8Array {
  // A view of a detached buffer has length 0, but copying it would throw.
  return bytes.length === 0 ? new Uint8Array(0) : new Uint8Array(bytes);
}
