/**
 * The byte layout of a trace file (traces/FORMAT.md, "Byte layout"):
 *
 *   prologue  "ARKTRACE" (8 bytes) + format version (u16 LE)
 *   chunk*    kind (u8) + payload length (u32 LE) + CRC-32 (u32 LE) + payload
 *
 * The CRC covers the chunk's kind and length bytes as well as its payload, so damage to
 * a chunk header is caught like damage to its payload.
 */
import { crc32Update } from './crc32.js';
import type { MsgpackWriter } from './msgpack.js';

/** The first 8 bytes of every trace, in ASCII (a string, since a shared Uint8Array could be mutated). */
export const TRACE_MAGIC = 'ARKTRACE';

/**
 * The format version this code writes. Version 2 names the launching module (`caller`) in
 * `req.completed` and `module.fault`, and the recording host in the header.
 */
export const TRACE_FORMAT_VERSION = 2;

/** Every format version this code reads. */
export type TraceFormatVersion = 1 | 2;

/** Every format version this code reads (version 1 is upgraded as it is read: recorder/v1.ts). */
export const SUPPORTED_FORMAT_VERSIONS: readonly TraceFormatVersion[] = Object.freeze([1, 2]);

/** Magic plus version. */
export const PROLOGUE_BYTES = 10;

/** Kind, length and CRC before each payload. */
export const CHUNK_HEADER_BYTES = 9;

export const ChunkKind = Object.freeze({
  header: 1,
  events: 2,
  footer: 3,
} as const);
export type ChunkKind = (typeof ChunkKind)[keyof typeof ChunkKind];

export function isChunkKind(kind: number): kind is ChunkKind {
  return kind === ChunkKind.header || kind === ChunkKind.events || kind === ChunkKind.footer;
}

/** The 10 bytes every trace starts with. */
export function encodePrologue(): Uint8Array {
  const bytes = new Uint8Array(PROLOGUE_BYTES);
  for (let i = 0; i < TRACE_MAGIC.length; i++) bytes[i] = TRACE_MAGIC.charCodeAt(i);
  new DataView(bytes.buffer).setUint16(8, TRACE_FORMAT_VERSION, true);
  return bytes;
}

/** CRC-32 of a chunk: its kind and length bytes (`header[0..5)`), then its payload. */
export function chunkCrc(header: Uint8Array, headerStart: number, payload: Uint8Array): number {
  return crc32Update(crc32Update(0, header, headerStart, headerStart + 5), payload);
}

/** Starts a chunk in `w`: reserves its header, to be filled in by `endChunk`. Returns the chunk's offset. */
export function beginChunk(w: MsgpackWriter): number {
  return w.skip(CHUNK_HEADER_BYTES);
}

/** Completes the chunk begun at `start`: its payload is everything `w` holds after the chunk header. */
export function endChunk(w: MsgpackWriter, start: number, kind: ChunkKind): void {
  w.setUint8(start, kind);
  w.setUint32LE(start + 1, w.length - start - CHUNK_HEADER_BYTES);
  w.setUint32LE(start + 5, w.crc32(w.crc32(0, start, start + 5), start + CHUNK_HEADER_BYTES, w.length));
}

/** A whole chunk (header and payload) in one new buffer. */
export function encodeChunk(kind: ChunkKind, payload: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(CHUNK_HEADER_BYTES + payload.length);
  const view = new DataView(bytes.buffer);
  bytes[0] = kind;
  view.setUint32(1, payload.length, true);
  view.setUint32(5, chunkCrc(bytes, 0, payload), true);
  bytes.set(payload, CHUNK_HEADER_BYTES);
  return bytes;
}
