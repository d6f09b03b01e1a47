import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LogqlParseError } from '../parse/parse-error';
import { parseExpr } from '../parse/parser';
import { queriesFile, readQueryTemplates } from './oteldb-queries';
import { conformanceSkip } from './shared-data';

/**
 * The templates we refuse, by position in the file, with the message's gist; the README lists them.
 * Every other expansion of every template parses.
 */
const refused: ReadonlyMap<number, RegExp> = new Map([
  [52, /label filters joined by a space are not supported/],
  [56, /label filters joined by a space are not supported/],
]);

describe("oteldb's compliance queries (logql-test-queries.yml)", () => {
  const skip = conformanceSkip(queriesFile);
  const templates = skip ? [] : readQueryTemplates();

  test('holds 98 templates, 9 expected empty, expanding to 2408 queries', { skip }, () => {
    assert.equal(templates.length, 98);
    assert.equal(templates.filter((t) => t.shouldBeEmpty).length, 9);
    assert.equal(
      templates.reduce((n, t) => n + t.queries.length, 0),
      2408,
    );
  });

  for (const t of templates) {
    const refusal = refused.get(t.index);
    test(`#${t.index} ${refusal ? 'is refused' : 'parses'}: ${t.template.replace(/\s+/g, ' ')}`, () => {
      for (const query of t.queries) {
        if (refusal) {
          assert.throws(
            () => parseExpr(query),
            (e: unknown) => e instanceof LogqlParseError && refusal.test(e.message),
          );
        } else {
          // A log query starts with its selector; anything else is a metric query.
          assert.equal(parseExpr(query).kind === 'log', query.trimStart().startsWith('{'), query);
        }
      }
    });
  }
});
