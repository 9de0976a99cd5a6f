/**
 * Small output buffers carved from shared slabs, as Node's `Buffer` pool does. Allocating
 * a `Uint8Array` of a kilobyte costs about 0.7 µs (an off-heap allocation the garbage
 * collector then tracks), a view of a slab about 25 ns, and recording a short run needs
 * one such buffer: this was a tenth of the cost of recording one.
 *
 * The price: a trace recorded to memory is a view whose `buffer` holds other traces too
 * (copy it with `slice()` to own it alone), and a slab stays alive while any trace in it
 * does, so keeping one short trace in a hundred keeps a slab per kept trace.
 */

/** Bytes per slab. */
const SLAB_BYTES = 16 * 1024;

/** Larger requests get a buffer of their own. */
const MAX_PIECE = SLAB_BYTES / 4;

let slab: Uint8Array | undefined;
/** Bytes of `slab` handed out (or kept after `trimPiece`). */
let used = 0;

/** A zero-based buffer of `capacity` bytes, a piece of a slab when small. Its bytes are not zeroed. */
export function allocatePiece(capacity: number): Uint8Array {
  if (capacity > MAX_PIECE) return new Uint8Array(capacity);
  if (slab === undefined || used + capacity > SLAB_BYTES) {
    slab = new Uint8Array(SLAB_BYTES);
    used = 0;
  }
  const piece = slab.subarray(used, used + capacity);
  used += capacity;
  return piece;
}

/**
 * Gives the bytes of `piece` from `keep` on back to its slab, when it was the last piece
 * carved (the usual case: traces are written one at a time); otherwise does nothing.
 * Nothing may write to `piece` past `keep` afterwards.
 */
export function trimPiece(piece: Uint8Array, keep: number): void {
  if (slab !== undefined && piece.buffer === slab.buffer && piece.byteOffset + piece.length === used) used = piece.byteOffset + keep;
}
