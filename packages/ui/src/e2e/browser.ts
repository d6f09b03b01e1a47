import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { type Browser, chromium } from 'playwright-core';

/** Debian's chromium: Playwright cannot download its own browser here. */
export const CHROMIUM = '/usr/bin/chromium';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

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

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}
