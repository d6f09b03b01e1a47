import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { CHROMIUM } from '@otel-lab/testkit';

/**
 * The `skip` option for browser tests: a one-line notice without chromium, and under
 * OTEL_LAB_REQUIRE_ALL (set by .ci/run) a failing test instead.
 */
export function skipWithoutChromium(): false | string {
  if (existsSync(CHROMIUM)) return false;
  if (process.env.OTEL_LAB_REQUIRE_ALL) {
    test(`${CHROMIUM} is installed`, () =>
      assert.fail(`${CHROMIUM} is missing (apt-get install chromium)`));
  }
  return `no ${CHROMIUM} (apt-get install chromium)`;
}

export { launchChromium } from '@otel-lab/testkit';
