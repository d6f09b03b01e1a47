import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ExpositionFormat, ExpositionParseError } from './exposition.js';
import { parseExposition } from './exposition-parser.js';

const VALID = [
  '# HELP http_requests Requests.',
  '# TYPE http_requests counter',
  '# UNIT http_requests_seconds seconds',
  'http_requests_total{method="GET",path="/a\\"b\\\\c\\n"} 1027 1700000000 # {trace_id="abc"} 1.5 1700000000.1',
  '# TYPE rpc histogram',
  'rpc_bucket{le="0.5"} 3',
  'rpc_bucket{le="+Inf"} 5',
  'rpc_sum -Inf',
  'rpc_count NaN',
  '# EOF',
  '',
].join('\n');

/** A small seeded generator, so a failure names a reproducible case. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const ALPHABET = ' \t\n\r{}",=#\\+-.eE0123456789abcxyz_:é\u0000';

test('mutated expositions parse or fail with a line-numbered ExpositionParseError, nothing else', () => {
  const next = random(42);
  for (let i = 0; i < 3000; i++) {
    const chars = [...VALID];
    const edits = 1 + Math.floor(next() * 4);
    for (let e = 0; e < edits; e++) {
      const at = Math.floor(next() * chars.length);
      const kind = next();
      const c = ALPHABET[Math.floor(next() * ALPHABET.length)] as string;
      if (kind < 0.4) chars[at] = c;
      else if (kind < 0.7) chars.splice(at, 1);
      else chars.splice(at, 0, c);
    }
    const input = chars.join('');
    for (const format of ['openmetrics', 'prometheus-text'] as ExpositionFormat[]) {
      try {
        const parsed = parseExposition(input, { format });
        for (const sample of parsed.samples) assert.equal(typeof sample.value, 'number');
      } catch (error) {
        assert.ok(
          error instanceof ExpositionParseError && /^line \d+: /.test(error.message),
          `case ${i} (${format}) threw ${String(error)} for ${JSON.stringify(input)}`,
        );
      }
    }
  }
});
