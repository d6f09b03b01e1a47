import { TextWriter } from './text-writer.js';

/**
 * The string cells of a column batch (spans, logs): every cell's UTF-8 bytes in one buffer, found
 * by its start and length (-1: NULL), so a batch crosses threads as a few transferable arrays.
 */
export class TextCells {
  readonly start: Uint32Array;
  readonly length: Int32Array;
  /** Where the cells' bytes go; a decoder may write a cell into it and then place() it. */
  readonly writer: TextWriter;
  // Decoders share one resource and scope object among a block's items: their text is made once.
  private readonly shared = new Map<object, [start: number, length: number]>();

  /** `writer`: an empty one to reuse (bytes() copies the cells out of it). */
  constructor(
    rows: number,
    private readonly perRow: number,
    writer = new TextWriter(),
  ) {
    this.writer = writer;
    this.start = new Uint32Array(rows * perRow);
    this.length = new Int32Array(rows * perRow);
  }

  /** Cell (row, column) holds `value`; undefined is NULL. */
  put(row: number, column: number, value: string | undefined): void {
    const cell = row * this.perRow + column;
    if (value === undefined) {
      this.length[cell] = -1;
      return;
    }
    this.start[cell] = this.writer.length;
    this.length[cell] = this.writer.write(value);
  }

  /** Cell (row, column) holds the `length` bytes of the writer from `start`. */
  place(row: number, column: number, start: number, length: number): void {
    const cell = row * this.perRow + column;
    this.start[cell] = start;
    this.length[cell] = length;
  }

  /** Cell (row, column) holds the text `build` makes for `key`, written once per key. */
  putShared(row: number, column: number, key: object, build: () => string): void {
    const cell = row * this.perRow + column;
    let place = this.shared.get(key);
    if (!place) {
      const start = this.writer.length;
      place = [start, this.writer.write(build())];
      this.shared.set(key, place);
    }
    this.start[cell] = place[0];
    this.length[cell] = place[1];
  }

  /** The bytes written so far, in a buffer of their own (to transfer). */
  bytes(): Uint8Array {
    return this.writer.bytes.slice(0, this.writer.length);
  }
}

const HEX = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) HEX['0123456789abcdef'.charCodeAt(i)] = i;

/**
 * Writes hex id `hex` into `out` at `offset` as a `bytes`-wide unsigned integer, least
 * significant byte first (DuckDB's order). The decoders have checked it (validate.ts): `2 * bytes`
 * lower-case hex digits.
 */
export function writeIdLittleEndian(
  hex: string,
  out: Uint8Array,
  offset: number,
  bytes: number,
): void {
  for (let i = 0; i < bytes; i++) {
    const high = HEX[hex.charCodeAt(2 * i)] ?? 0;
    const low = HEX[hex.charCodeAt(2 * i + 1)] ?? 0;
    out[offset + bytes - 1 - i] = (high << 4) | low;
  }
}

/** The buffers to transfer when posting a column batch (its typed arrays) to another thread. */
export function columnBuffers(batch: object): ArrayBuffer[] {
  return Object.values(batch)
    .filter((value): value is ArrayBufferView => ArrayBuffer.isView(value))
    .map((view) => view.buffer as ArrayBuffer);
}
