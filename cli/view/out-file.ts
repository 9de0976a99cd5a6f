/**
 * A text file written in pieces: small writes are gathered and written a batch at a
 * time, so an export of any size needs only a batch of text in memory.
 */
import { closeSync, fstatSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { writeError } from '../out-path.js';

/** Characters gathered before they are written. */
const BATCH_CHARS = 1 << 20;

export class OutFile {
  private readonly fd: number;
  private parts: string[] = [];
  private chars = 0;

  /** Creates (or empties) `path`. Throws `UsageError` `PATH: cannot write (CODE)` where it cannot. */
  constructor(readonly path: string) {
    try {
      this.fd = openSync(path, 'w');
    } catch (e) {
      throw writeError(path, e);
    }
  }

  write(text: string): void {
    this.parts.push(text);
    this.chars += text.length;
    if (this.chars >= BATCH_CHARS) this.flush();
  }

  private flush(): void {
    const bytes = Buffer.from(this.parts.join(''), 'utf8');
    this.parts = [];
    this.chars = 0;
    try {
      for (let done = 0; done < bytes.length; ) done += writeSync(this.fd, bytes, done, bytes.length - done);
    } catch (e) {
      throw writeError(this.path, e);
    }
  }

  /** Writes what is left and closes the file. */
  close(): void {
    try {
      this.flush();
    } finally {
      closeSync(this.fd);
    }
  }

  /** Closes the file and removes it (what was written is not the whole), if it is a file: `--out /dev/stdout` stays. */
  discard(): void {
    try {
      const regular = fstatSync(this.fd).isFile();
      closeSync(this.fd);
      if (regular) unlinkSync(this.path);
    } catch {
      // Already gone, or never there to remove: nothing more to undo.
    }
  }
}
