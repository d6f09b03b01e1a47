/** UTF-8 text cells in one growing buffer (the string columns of span and log batches). */
export class TextWriter {
  bytes = new Uint8Array(64 * 1024);
  private buffer = Buffer.from(this.bytes.buffer);
  length = 0;

  /** Makes room for `extra` more bytes. */
  reserve(extra: number): void {
    const needed = this.length + extra;
    if (needed <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(needed, this.bytes.length * 2));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
    this.buffer = Buffer.from(grown.buffer);
  }

  /** Appends `value` and returns its byte length. */
  write(value: string): number {
    this.reserve(value.length * 3);
    const written = this.buffer.write(value, this.length, 'utf8');
    this.length += written;
    return written;
  }

  /** Appends `text`, which the caller knows to be ASCII (numbers, constants). */
  ascii(text: string): void {
    this.reserve(text.length);
    const bytes = this.bytes;
    let at = this.length;
    for (let i = 0; i < text.length; i++) bytes[at++] = text.charCodeAt(i);
    this.length = at;
  }

  /** Appends one byte (an ASCII character). */
  byte(value: number): void {
    if (this.length === this.bytes.length) this.reserve(1);
    this.bytes[this.length++] = value;
  }

  /** Appends bytes [start, end) of `source`, which the caller knows to be valid UTF-8. */
  copy(source: Uint8Array, start: number, end: number): void {
    const count = end - start;
    this.reserve(count);
    const bytes = this.bytes;
    let at = this.length;
    // Most cells are short: a loop beats making a subarray for set().
    if (count < 32) for (let i = start; i < end; i++) bytes[at++] = source[i] as number;
    else bytes.set(source.subarray(start, end), at);
    this.length += count;
  }
}
