/**
 * The trace format: a `TraceWriter` records a run's events to memory or a file; the
 * readers give them back, verified. The byte layout is in traces/FORMAT.md.
 */
export { crc32, crc32Update } from './crc32.js';
export { TraceDigest, traceDigest } from './digest.js';
export { TraceFormatError, TracePartialOnlyError, type TraceFormatErrorReason } from './errors.js';
export type { TraceFooter } from './footer.js';
export {
  TRACE_HEADER_MAGIC,
  createTraceHeader,
  headerWithSeed,
  type TraceHeader,
  type TraceHeaderInit,
  type TraceMode,
  type TraceWasm,
  type TraceWasmRole,
} from './header.js';
export { SUPPORTED_FORMAT_VERSIONS, TRACE_FORMAT_VERSION, TRACE_MAGIC } from './layout.js';
export { TRACE_LIMITS, type TraceLimits } from './limits.js';
export {
  bytesSource,
  readTrace,
  readTraceFile,
  readTracePrefix,
  traceCursor,
  visitTrace,
  type Trace,
  type TraceCursor,
  type TracePrefix,
  type TraceReadOptions,
  type TraceSource,
  type TraceVisit,
  type TraceVisitor,
} from './reader.js';
export { EVENT_FIELDS, WIRE_TAG_CODES } from './schema.js';
export { PARTIAL_SUFFIX, fileTarget, memoryTarget, partialPath, type TraceTarget } from './targets.js';
export { DEFAULT_FLUSH_EVERY, TraceWriter, type TraceWriterOptions } from './writer.js';
