/**
 * JSON answers written a piece at a time, byte for byte as JSON.stringify(whole, null, indent)
 * would write them, so that a large answer never exists as one object graph or one string.
 */

/** Pieces are cut at about this many characters: each is one write to the socket. */
const PIECE_CHARS = 64 * 1024;

/** Where text goes as it is made: a list of pieces of about PIECE_CHARS. */
export class TextPieces {
  private readonly done: string[] = [];
  private current = '';

  push(text: string): void {
    this.current += text;
    if (this.current.length >= PIECE_CHARS) {
      this.done.push(this.current);
      this.current = '';
    }
  }

  /** Characters held so far. */
  get length(): number {
    return this.done.reduce((sum, piece) => sum + piece.length, this.current.length);
  }

  /** The pieces, the last one included; the sink is empty afterwards. */
  take(): string[] {
    if (this.current !== '') this.done.push(this.current);
    this.current = '';
    return this.done.splice(0);
  }
}

/** How JSON.stringify lays out a value with `indent` spaces (0: on one line). */
export class JsonLayout {
  constructor(readonly indent: number) {}

  /** What precedes a member or element at nesting `depth`: a newline and its indentation. */
  line(depth: number): string {
    return this.indent === 0 ? '' : `\n${' '.repeat(this.indent * depth)}`;
  }

  /** An object member's name and colon. */
  key(name: string): string {
    return this.indent === 0 ? `${JSON.stringify(name)}:` : `${JSON.stringify(name)}: `;
  }

  /** `value` as it is written at nesting `depth` (a JSON string holds no raw newline). */
  value(value: unknown, depth: number): string {
    if (this.indent === 0) return JSON.stringify(value);
    return JSON.stringify(value, null, this.indent).replaceAll('\n', this.line(depth));
  }
}
