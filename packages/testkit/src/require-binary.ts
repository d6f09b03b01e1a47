import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';

/**
 * The `skip` option for tests that need a system binary: a one-line notice when it is absent,
 * and, under OTEL_LAB_REQUIRE_ALL (set by .ci/run), a failing test instead.
 */
export function skipWithout(path: string, install: string): false | string {
  if (existsSync(path)) return false;
  if (process.env.OTEL_LAB_REQUIRE_ALL) {
    test(`${path} is installed`, () => assert.fail(`${path} is missing (${install})`));
  }
  return `no ${path} (${install})`;
}
