/** UTF-8 text cells in one growing buffer (the string columns of span and log batches). */
export class TextWriter {
  bytes = new Uint8Array(64 * 1024);
  private buffer = Buffer.from(this.bytes.buffer);
  length = 0;

  /** Appends `value` and returns its byte length. */
  write(value: string): number {
    const needed = this.length + value.length * 3;
    if (needed > this.bytes.length) {
      const grown = new Uint8Array(Math.max(needed, this.bytes.length * 2));
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
      this.buffer = Buffer.from(grown.buffer);
    }
    const written = this.buffer.write(value, this.length, 'utf8');
    this.length += written;
    return written;
  }
}
