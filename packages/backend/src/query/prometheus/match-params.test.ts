import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError } from './api-response.js';
import { MAX_MATCH_SELECTORS, matchSelectors } from './match-params.js';
import { RequestBudget } from './request-budget.js';

const budget = () => new RequestBudget(Date.now() + 60_000);
const form = (texts: string[]) => {
  const params = new URLSearchParams();
  for (const text of texts) params.append('match[]', text);
  return params;
};
const many = (n: number, of: (i: number) => string) => Array.from({ length: n }, (_, i) => of(i));

test('the same selector written again, or its matchers in another order, is matched once', async () => {
  const rows: { texts: string[]; selectors: number }[] = [
    { texts: [], selectors: 0 },
    { texts: many(5000, () => 'up'), selectors: 1 },
    { texts: ['up', '{__name__="up"}', '{__name__="up",}'], selectors: 1 },
    { texts: ['up{a="1",b=~"x.*"}', '{b=~"x.*",__name__="up",a="1"}'], selectors: 1 },
    { texts: ['up{a="1"}', 'up{a!="1"}', 'up{a=~"1"}'], selectors: 3 },
    { texts: many(MAX_MATCH_SELECTORS, (i) => `{s="${i}"}`), selectors: MAX_MATCH_SELECTORS },
    {
      texts: [...many(MAX_MATCH_SELECTORS, (i) => `{s="${i}"}`), ...many(900, (i) => `{s="${i}"}`)],
      selectors: MAX_MATCH_SELECTORS,
    },
  ];
  for (const { texts, selectors } of rows) {
    const compiled = await matchSelectors(form(texts), budget());
    assert.equal(compiled.length, selectors, texts.slice(0, 3).join(' '));
  }
});

test(`past ${MAX_MATCH_SELECTORS} different selectors: 400 bad_data naming the cap, before any is parsed`, async () => {
  // The last one does not parse: the cap answers first.
  const texts = [...many(MAX_MATCH_SELECTORS, (i) => `{s="${i}"}`), 'up{'];
  await assert.rejects(matchSelectors(form(texts), budget()), (error: unknown) => {
    assert.ok(error instanceof ApiError);
    assert.equal(error.status, 400);
    assert.equal(error.errorType, 'bad_data');
    assert.match(error.message, /1001 different ones, at most 1000 per request/);
    return true;
  });
});

test('a bad selector is bad_data; a request past its deadline or whose client left stops', async () => {
  await assert.rejects(matchSelectors(form(['up', 'up{']), budget()), {
    errorType: 'bad_data',
    message: /^invalid parameter "match\[\]": /,
  });
  await assert.rejects(matchSelectors(form(['up']), new RequestBudget(Date.now() - 1)), {
    errorType: 'timeout',
    message: 'query timed out in series selection',
  });
  const gone = new AbortController();
  gone.abort();
  await assert.rejects(
    matchSelectors(form(['up']), new RequestBudget(Date.now() + 60_000, gone.signal)),
    { errorType: 'canceled' },
  );
});
