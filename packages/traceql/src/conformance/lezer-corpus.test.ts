import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { readLezerCorpus } from '@otel-lab/testkit';
import { TraceqlParseError } from '../parse/parse-error';
import { parseTraceql } from '../parse/parser';
import { conformanceDir, conformanceSkip } from './shared-data';

// lezer-traceql's own corpus (readLezerCorpus); a case whose expected tree holds an error node is malformed
// for the grammar and must be refused.

/** The stage kinds a query's tree holds, to check the reader kept every part. */
function kinds(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) kinds(v, out);
  else if (value && typeof value === 'object') {
    const kind = (value as { kind?: unknown }).kind;
    if (typeof kind === 'string') out.add(kind);
    for (const v of Object.values(value)) kinds(v, out);
  }
  return out;
}

describe('lezer-traceql corpus (expression.txt)', () => {
  const skip = conformanceSkip('lezer-traceql/expression.txt');
  const cases = skip
    ? []
    : readLezerCorpus(
        readFileSync(join(conformanceDir, 'lezer-traceql', 'expression.txt'), 'utf8'),
      );

  test('holds the 128 cases, none malformed', { skip }, () => {
    assert.equal(cases.length, 128);
    assert.equal(cases.filter((c) => c.malformed).length, 0);
  });

  for (const c of cases) {
    test(`${c.malformed ? 'refuses' : 'parses'}: ${c.name}`, () => {
      if (c.malformed) {
        assert.throws(() => parseTraceql(c.query), TraceqlParseError);
        return;
      }
      const found = kinds(parseTraceql(c.query));
      if (c.query.includes('{')) assert.ok(found.has('spansetFilter'), c.query);
      if (/\|\s*\w/.test(c.query.replaceAll('||', ''))) assert.ok(found.has('pipeline'), c.query);
      if (/_over_time|rate\(/.test(c.query)) assert.ok(found.has('metrics'), c.query);
    });
  }
});
