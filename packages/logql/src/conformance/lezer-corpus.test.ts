import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { readLezerCorpus } from '@otel-lab/testkit';
import { LogqlParseError } from '../parse/parse-error';
import { parseExpr } from '../parse/parser';
import { conformanceDir, conformanceSkip } from './shared-data';

// lezer-logql's own corpus (readLezerCorpus); a case whose expected tree holds an error node is malformed
// for the grammar and must be refused.

/** Loki's refusals after parsing: selectors that match everything, a regexp without named groups. */
const lokiRefusal =
  /parse error : (queries require at least one regexp or equality matcher|at least one named capture must be supplied)/;

/** The tree's top node kind, read off the query's first word. */
function expectedKind(query: string): string {
  if (query.startsWith('{') || query.startsWith('({')) return 'log';
  const word = /^\(*\s*([a-z_]+)/.exec(query)?.[1] ?? '';
  if (word.endsWith('_over_time') || ['rate', 'rate_counter', 'bytes_rate'].includes(word)) {
    return 'rangeAggregation';
  }
  if (word === 'label_replace') return 'labelReplace';
  if (word === 'vector') return 'vector';
  return word === '' ? 'literal' : 'vectorAggregation';
}

describe('lezer-logql corpus (expression.txt)', () => {
  const skip = conformanceSkip('lezer-logql/expression.txt');
  const cases = skip
    ? []
    : readLezerCorpus(readFileSync(join(conformanceDir, 'lezer-logql', 'expression.txt'), 'utf8'));

  test('holds the 80 cases, 14 of them malformed', { skip }, () => {
    assert.equal(cases.length, 80);
    assert.equal(cases.filter((c) => c.malformed).length, 14);
  });

  for (const c of cases) {
    test(`${c.malformed ? 'refuses' : 'parses'}: ${c.name}`, () => {
      if (c.malformed) {
        assert.throws(() => parseExpr(c.query), LogqlParseError);
      } else {
        const expr = parseExpr(c.query, { validate: false });
        assert.equal(expr.kind, expectedKind(c.query));
        // Loki itself refuses a few corpus queries after parsing, with its own message.
        try {
          parseExpr(c.query);
        } catch (error) {
          assert.match(String(error), lokiRefusal);
        }
      }
    });
  }
});
