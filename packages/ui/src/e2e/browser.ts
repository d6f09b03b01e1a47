import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { CHROMIUM, launchChromium } from '@otel-lab/testkit';
import type { Browser, Locator, Page, Request } from 'playwright-core';

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

/** Chromium with one page of this size; the page's uncaught errors go into `errors`. */
export async function openPage(
  errors: string[],
  viewport: { width: number; height: number },
): Promise<{ browser: Browser; page: Page }> {
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport });
  page.on('pageerror', (error) => errors.push(error.message));
  return { browser, page };
}

/** Records the query_range calls the page makes from now on, until `stop`. */
export function recordQueryRanges(page: Page): { ranges: URLSearchParams[]; stop(): void } {
  const ranges: URLSearchParams[] = [];
  const onRequest = (request: Request) => {
    const url = new URL(request.url());
    if (url.pathname === '/api/v1/query_range') ranges.push(url.searchParams);
  };
  page.on('request', onRequest);
  return { ranges, stop: () => page.off('request', onRequest) };
}

/** Waits until `done` holds, polling; fails with `why()` after 30 s. */
export async function waitUntil(done: () => boolean, why: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!done()) {
    if (Date.now() > deadline) assert.fail(why());
    await sleep(100);
  }
}

/** A mouse drag across a plot's overlay, from one fraction of its width to another, mid-height. */
export async function dragAcross(page: Page, over: Locator, from: number, to: number) {
  const box = await over.boundingBox();
  assert.ok(box, 'the plot is on screen');
  await page.mouse.move(box.x + box.width * from, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * to, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
}
