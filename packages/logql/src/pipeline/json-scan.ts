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

export class JsonSyntaxError extends Error {}

/** Deeper documents are refused (as malformed), bounding recursion. */
export const MAX_JSON_DEPTH = 128;

export function parseJson(text: string): JsonValue {
  const reader = new Reader(text);
  const value = reader.value(0);
  reader.space();
  if (reader.at < text.length) reader.fail('unexpected data after the top-level value');
  return value;
}

class Reader {
  at = 0;
  constructor(private readonly text: string) {}

  fail(message: string): never {
    throw new JsonSyntaxError(`${message} at offset ${this.at}`);
  }

  space(): void {
    while (this.at < this.text.length && ' \t\n\r'.includes(this.text[this.at] as string))
      this.at++;
  }

  value(depth: number): JsonValue {
    if (depth > MAX_JSON_DEPTH) this.fail('nesting too deep');
    this.space();
    const start = this.at;
    const c = this.text[this.at];
    if (c === '{') return this.object(depth, start);
    if (c === '[') return this.array(depth, start);
    if (c === '"') return { type: 'string', value: this.string() };
    for (const [word, type] of [
      ['true', 'boolean'],
      ['false', 'boolean'],
      ['null', 'null'],
    ] as const) {
      if (this.text.startsWith(word, this.at)) {
        this.at += word.length;
        return { type, raw: word };
      }
    }
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?/.exec(
      this.text.slice(this.at, this.at + 512),
    );
    if (!m)
      this.fail(
        c === undefined ? 'unexpected end of input' : `unexpected character ${JSON.stringify(c)}`,
      );
    this.at += m[0].length;
    return { type: 'number', raw: m[0] };
  }

  private object(depth: number, start: number): JsonValue {
    this.at++;
    const entries: [string, JsonValue][] = [];
    this.space();
    if (this.text[this.at] === '}') {
      this.at++;
      return { type: 'object', entries, raw: this.text.slice(start, this.at) };
    }
    for (;;) {
      this.space();
      if (this.text[this.at] !== '"') this.fail('expected a key');
      const key = this.string();
      this.space();
      if (this.text[this.at] !== ':') this.fail("expected ':'");
      this.at++;
      entries.push([key, this.value(depth + 1)]);
      this.space();
      const c = this.text[this.at++];
      if (c === '}') return { type: 'object', entries, raw: this.text.slice(start, this.at) };
      if (c !== ',') this.fail("can't find closing '}' symbol");
    }
  }

  private array(depth: number, start: number): JsonValue {
    this.at++;
    const items: JsonValue[] = [];
    this.space();
    if (this.text[this.at] === ']') {
      this.at++;
      return { type: 'array', items, raw: this.text.slice(start, this.at) };
    }
    for (;;) {
      items.push(this.value(depth + 1));
      this.space();
      const c = this.text[this.at++];
      if (c === ']') return { type: 'array', items, raw: this.text.slice(start, this.at) };
      if (c !== ',') this.fail("can't find closing ']' symbol");
    }
  }

  private string(): string {
    const start = this.at;
    this.at++;
    let simple = true;
    for (;;) {
      const c = this.text.charCodeAt(this.at);
      if (Number.isNaN(c)) this.fail('unterminated string');
      if (c === 0x22) break;
      if (c === 0x5c) {
        simple = false;
        this.at += 2;
        continue;
      }
      if (c < 0x20) this.fail('control character in string');
      this.at++;
    }
    this.at++;
    const body = this.text.slice(start + 1, this.at - 1);
    if (simple) return body;
    try {
      return JSON.parse(this.text.slice(start, this.at)) as string;
    } catch {
      return this.fail('invalid escape in string');
    }
  }
}
