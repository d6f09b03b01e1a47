// PromQL literals: Go-style quoted strings, numbers (hex, Inf, NaN) and durations like 1h30m.

export class LiteralError extends Error {}

const durationUnits: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
};

const durationPattern = /^(?:\d+(?:ms|[smhdwy]))+$/;
const durationPart = /(\d+)(ms|[smhdwy])/g;

/** Parses a Prometheus duration (`1h30m`, `5m`, `100ms`) into milliseconds, or undefined if it is not one. */
export function parseDuration(text: string): number | undefined {
  if (!durationPattern.test(text)) return undefined;
  let total = 0;
  let lastUnit = Number.POSITIVE_INFINITY;
  for (const [, count, unit] of text.matchAll(durationPart)) {
    const size = durationUnits[unit as string] as number;
    // Units must appear from largest to smallest, each at most once.
    if (size >= lastUnit) return undefined;
    lastUnit = size;
    total += Number(count) * size;
  }
  return total;
}

/** Parses a number as the PromQL lexer accepts it; durations count as seconds. */
export function parseNumber(text: string): number {
  const lower = text.toLowerCase();
  if (lower === 'inf' || lower === '+inf') return Number.POSITIVE_INFINITY;
  if (lower === '-inf') return Number.NEGATIVE_INFINITY;
  if (lower === 'nan' || lower === '+nan' || lower === '-nan') return Number.NaN;
  const duration = parseDuration(text);
  if (duration !== undefined) return duration / 1000;
  const clean = text.replaceAll('_', '');
  const value = /^[+-]?0x/i.test(clean) ? Number.parseInt(clean, 16) : Number(clean);
  if (Number.isNaN(value) || clean === '')
    throw new LiteralError(`bad number or duration syntax: "${text}"`);
  return value;
}

const simpleEscapes: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
};

/** Unquotes a Go string literal in double, single or back quotes, with Go's escapes. */
export function unquoteString(text: string): string {
  const quote = text[0];
  if (text.length < 2 || text[text.length - 1] !== quote) {
    throw new LiteralError('unterminated quoted string');
  }
  const body = text.slice(1, -1);
  if (quote === '`') return body;
  if (quote !== '"' && quote !== "'") throw new LiteralError(`invalid quote ${quote}`);
  let out = '';
  // Escapes build raw bytes (\x, octal) that may form UTF-8 sequences together.
  let bytes: number[] = [];
  const flush = () => {
    if (bytes.length > 0) {
      out += decodeUtf8Escaping(bytes);
      bytes = [];
    }
  };
  for (let i = 0; i < body.length; i++) {
    if (body[i] !== '\\') {
      // A run of plain characters is copied in one slice: adding them one at a time builds a
      // string of millions of pieces for a long literal, and the collector spends seconds on it.
      const backslash = body.indexOf('\\', i);
      const end = backslash === -1 ? body.length : backslash;
      const run = body.slice(i, end);
      if (run.includes(quote) || run.includes('\n')) throw new LiteralError('invalid syntax');
      flush();
      out += run;
      i = end - 1;
      continue;
    }
    const e = body[++i];
    if (e === undefined) throw new LiteralError('invalid syntax');
    if (e in simpleEscapes) {
      if ((e === "'" && quote === '"') || (e === '"' && quote === "'")) {
        throw new LiteralError('invalid syntax');
      }
      flush();
      out += simpleEscapes[e];
    } else if (e === 'x') {
      const hex = body.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw new LiteralError('invalid syntax');
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else if (e === 'u' || e === 'U') {
      const n = e === 'u' ? 4 : 8;
      const hex = body.slice(i + 1, i + 1 + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) throw new LiteralError('invalid syntax');
      flush();
      out += String.fromCodePoint(Number.parseInt(hex, 16));
      i += n;
    } else if (e >= '0' && e <= '7') {
      const oct = body.slice(i, i + 3);
      if (!/^[0-7]{3}$/.test(oct)) throw new LiteralError('invalid syntax');
      bytes.push(Number.parseInt(oct, 8));
      i += 2;
    } else {
      throw new LiteralError('invalid syntax');
    }
  }
  flush();
  return out;
}

/**
 * Decodes UTF-8, keeping each invalid byte as a lone surrogate U+DC80..U+DCFF (as Python's
 * surrogateescape does) so that invalid label names stay detectable and printable as \xNN.
 */
function decodeUtf8Escaping(bytes: number[]): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes));
  } catch {
    let out = '';
    for (let i = 0; i < bytes.length; ) {
      const b = bytes[i] as number;
      const len =
        b < 0x80
          ? 1
          : b >= 0xc2 && b < 0xe0
            ? 2
            : b >= 0xe0 && b < 0xf0
              ? 3
              : b >= 0xf0 && b < 0xf5
                ? 4
                : 0;
      if (len > 0) {
        try {
          out += new TextDecoder('utf-8', { fatal: true }).decode(
            Uint8Array.from(bytes.slice(i, i + len)),
          );
          i += len;
          continue;
        } catch {
          // fall through: an invalid byte
        }
      }
      out += String.fromCharCode(0xdc00 + b);
      i++;
    }
    return out;
  }
}
