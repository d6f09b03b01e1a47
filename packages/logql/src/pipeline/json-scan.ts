// A small JSON reader for the json and unpack stages. Unlike JSON.parse it keeps each number's text
// (Loki's labels hold `1.50`, not `1.5`), objects' raw text (for `| json a="obj"`), and the order
// and duplicates of keys; nesting is bounded so a hostile line cannot exhaust the stack.

export type JsonValue =
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'number' | 'boolean' | 'null'; readonly raw: string }
  | {
      readonly type: 'object';
      readonly entries: readonly (readonly [string, JsonValue])[];
      readonly raw: string;
    }
  | { readonly type: 'array'; readonly items: readonly JsonValue[]; readonly raw: string };

/** Malformed JSON; the message is the one Loki's JSON library (buger/jsonparser) gives. */
export class JsonSyntaxError extends Error {}

const MALFORMED_OBJECT = "Value looks like object, but can't find closing '}' symbol";
const MALFORMED_ARRAY = "Value is array, but can't find closing ']' symbol";
const MALFORMED_STRING = "Value is string, but can't find closing '\"' symbol";
const MALFORMED_JSON = 'Malformed JSON error';
const UNKNOWN_VALUE = 'Unknown value type';

export interface ParseJsonOptions {
  /**
   * Called for each scalar member of an object as soon as it is read, with its key path, so that a
   * caller keeps what came before an error (as Loki's json parser does).
   */
  readonly visit?: (path: readonly string[], value: JsonValue) => void;
  /** Ignore text after the top-level value (jsonparser's ObjectEach stops at the closing brace). */
  readonly allowTrailing?: boolean;
  /** With visit: do not build the members of objects and arrays (less garbage per line). */
  readonly visitOnly?: boolean;
}

/** Deeper documents are refused (as malformed), bounding recursion. */
export const MAX_JSON_DEPTH = 128;

export function parseJson(text: string, options: ParseJsonOptions = {}): JsonValue {
  const reader = new Reader(text, options.visit, !(options.visitOnly && options.visit));
  const value = reader.value(0, []);
  reader.space();
  if (!options.allowTrailing && reader.at < text.length) reader.fail(MALFORMED_JSON);
  return value;
}

/** Sticky, read in place; one way to split digits, so it cannot backtrack. */
const numberPattern = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?/y;

class Reader {
  at = 0;
  constructor(
    private readonly text: string,
    private readonly visit: ParseJsonOptions['visit'],
    private readonly keep: boolean,
  ) {}

  fail(message: string): never {
    throw new JsonSyntaxError(message);
  }

  space(): void {
    for (;;) {
      const c = this.text.charCodeAt(this.at);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return;
      this.at++;
    }
  }

  value(depth: number, path: readonly string[]): JsonValue {
    if (depth > MAX_JSON_DEPTH) this.fail(MALFORMED_JSON);
    this.space();
    const start = this.at;
    const c = this.text[this.at];
    if (c === '{') return this.object(depth, start, path);
    if (c === '[') return this.array(depth, start, path);
    if (c === '"') return { type: 'string', value: this.string() };
    if (c === 't' || c === 'f' || c === 'n') {
      const word = c === 't' ? 'true' : c === 'f' ? 'false' : 'null';
      if (!this.text.startsWith(word, this.at)) this.fail(UNKNOWN_VALUE);
      this.at += word.length;
      return { type: c === 'n' ? 'null' : 'boolean', raw: word };
    }
    numberPattern.lastIndex = this.at;
    const m = numberPattern.exec(this.text);
    if (!m) this.fail(c === undefined ? MALFORMED_JSON : UNKNOWN_VALUE);
    this.at += m[0].length;
    return { type: 'number', raw: m[0] };
  }

  private object(depth: number, start: number, path: readonly string[]): JsonValue {
    this.at++;
    const entries: [string, JsonValue][] = [];
    this.space();
    if (this.text[this.at] === '}') {
      this.at++;
      return { type: 'object', entries, raw: this.text.slice(start, this.at) };
    }
    for (;;) {
      this.space();
      if (this.text[this.at] !== '"') this.fail(MALFORMED_OBJECT);
      const key = this.string();
      this.space();
      if (this.text[this.at] !== ':') this.fail(MALFORMED_JSON);
      this.at++;
      const keyPath = [...path, key];
      const value = this.value(depth + 1, keyPath);
      if (this.keep) entries.push([key, value]);
      if (this.visit && value.type !== 'object') this.visit(keyPath, value);
      this.space();
      const c = this.text[this.at++];
      if (c === '}') return { type: 'object', entries, raw: this.text.slice(start, this.at) };
      if (c !== ',') this.fail(MALFORMED_OBJECT);
    }
  }

  private array(depth: number, start: number, path: readonly string[]): JsonValue {
    this.at++;
    const items: JsonValue[] = [];
    this.space();
    if (this.text[this.at] === ']') {
      this.at++;
      return { type: 'array', items, raw: this.text.slice(start, this.at) };
    }
    for (;;) {
      // Members of arrays are not visited: Loki's json parser skips arrays.
      const item = this.value(depth + 1, path);
      if (this.keep) items.push(item);
      this.space();
      const c = this.text[this.at++];
      if (c === ']') return { type: 'array', items, raw: this.text.slice(start, this.at) };
      if (c !== ',') this.fail(MALFORMED_ARRAY);
    }
  }

  private string(): string {
    const start = this.at;
    this.at++;
    let simple = true;
    for (;;) {
      const c = this.text.charCodeAt(this.at);
      if (Number.isNaN(c)) this.fail(MALFORMED_STRING);
      if (c === 0x22) break;
      if (c === 0x5c) {
        simple = false;
        this.at += 2;
        continue;
      }
      this.at++;
    }
    this.at++;
    const body = this.text.slice(start + 1, this.at - 1);
    if (simple) return body;
    try {
      return JSON.parse(this.text.slice(start, this.at)) as string;
    } catch {
      return this.fail('Encountered an invalid escape sequence in a string');
    }
  }
}
