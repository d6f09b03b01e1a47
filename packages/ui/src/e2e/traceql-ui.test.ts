import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { postJson } from '@otel-lab/testkit';
import type { Browser, Page } from 'playwright-core';
import { openPage, skipWithoutChromium } from './browser.js';
import { type Lab, pollJson, startLab } from './lab.js';

/** Set to a folder to save a screenshot of the TraceQL mode. */
const SCREENSHOTS = process.env.OTEL_LAB_SCREENSHOTS;
const XSS = '<img src=x onerror=window.__xss=1>';
const QUERY = '{ name = "charge" }';

/** A span of `traceql-probe` whose name is markup, as any exporter could send. */
function probeSpan() {
  const now = BigInt(Date.now()) * 1_000_000n;
  const span = {
    traceId: '7ace0000000000000000000000000001',
    spanId: '7ace000000000001',
    name: XSS,
    kind: 2,
    startTimeUnixNano: String(now - 3_000_000n),
    endTimeUnixNano: String(now),
  };
  const resource = {
    attributes: [{ key: 'service.name', value: { stringValue: 'traceql-probe' } }],
  };
  return { resourceSpans: [{ resource, scopeSpans: [{ scope: { name: 'e2e' }, spans: [span] }] }] };
}

interface TempoAnswer {
  traces?: { spanSets?: { spans?: unknown[] }[] }[];
}

/** Until the backend's /api/search finds `count` traces with matched spans for `q`. */
async function searchFinds(lab: Lab, q: string, count: number) {
  const now = Math.floor(Date.now() / 1000) + 1;
  const search = new URLSearchParams({ q, start: String(now - 3600), end: String(now) });
  await pollJson<TempoAnswer>(
    `${lab.backend.queryUrl}/api/search?${search}`,
    (body) => (body.traces ?? []).filter((t) => t.spanSets?.[0]?.spans?.length).length >= count,
    30_000,
  );
}

describe("trace search's TraceQL mode in real Chromium", {
  skip: skipWithoutChromium(),
  timeout: 120_000,
}, () => {
  let lab: Lab;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  before(async () => {
    lab = await startLab({ name: 'ui-traceql-e2e' });
    for (let i = 0; i < 2; i++) {
      assert.equal((await fetch(`${lab.demo.url}/api/orders`, { method: 'POST' })).status, 201);
    }
    assert.equal((await postJson(lab.backend.otlpHttpUrl, '/v1/traces', probeSpan())).status, 200);
    await searchFinds(lab, QUERY, 2);
    ({ browser, page } = await openPage(pageErrors, { width: 1280, height: 800 }));
    if (SCREENSHOTS) mkdirSync(SCREENSHOTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await lab?.stop();
  });

  test('a typed query, completed from the tag endpoints, lists matched spans and opens a trace with them highlighted', async () => {
    await page.goto(`${lab.backend.queryUrl}/search`);
    await page.locator('.search-modes a', { hasText: 'TraceQL' }).click();
    await page.waitForURL((url) => url.searchParams.get('mode') === 'traceql');
    const editor = page.locator('.cm-content');
    await editor.click();
    // Text goes in as input events (key-by-key typing into CodeMirror has hung this headless
    // Chromium now and then); input starts completion as typing does.
    await page.keyboard.insertText('{ name = "cha');
    // Span names come from /api/v2/search/tag/name/values; a click takes one.
    const option = page.locator('.cm-tooltip-autocomplete li', { hasText: /^charge$/ }).first();
    await option.waitFor();
    await sleep(200); // CodeMirror ignores a pick from a list shown under 75 ms ago
    await option.click();
    assert.equal(await editor.textContent(), '{ name = "charge');
    await page.keyboard.insertText('" }');
    assert.equal(await editor.textContent(), QUERY);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.searchParams.get('query') === QUERY);

    // Each order's trace, with its charge span: the name, its service read from the trace (the
    // query does not name the service, so Tempo's answer leaves it out) and its duration.
    const traces = page.locator('.traceql-trace');
    await traces.nth(1).waitFor();
    const first = traces.first();
    assert.equal(await first.locator('.result-title').textContent(), 'demo-app: POST /api/orders');
    const row = first.locator('.matched-spans tr');
    assert.equal(await row.count(), 1);
    await row.locator('.matched-service', { hasText: 'payment-service' }).waitFor();
    assert.equal(await row.locator('.matched-name').textContent(), 'charge');
    assert.match((await row.locator('.matched-duration').textContent()) ?? '', /^[\d.]+(µs|ms|s)$/);
    // lezer-traceql's tree, tagged: the string in the string colour (light theme, the default).
    const literal = page.locator('.cm-line span', { hasText: /^"charge"$/ });
    const color = await literal.evaluate(
      (el) => el.ownerDocument.defaultView?.getComputedStyle(el).color,
    );
    assert.equal(color, 'rgb(163, 21, 21)');
    if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, 'search-traceql.png') });

    // The trace opens with the charge span highlighted, and Next match goes to it.
    const spanId = await row.getAttribute('data-span-id');
    await first.locator('a.result').click();
    await page.waitForURL((url) => url.searchParams.get('match') === spanId);
    const matched = page.locator('.span-row.matched');
    await matched.waitFor();
    assert.equal(await matched.count(), 1);
    assert.equal(await matched.getAttribute('data-span-id'), spanId);
    assert.equal(await matched.locator('.operation-name').textContent(), 'charge');
    await page.locator('button.next-match', { hasText: 'Next match (1)' }).click();
    await page.waitForURL((url) => url.searchParams.get('span') === spanId);
    assert.equal(await page.locator('.span-details h3').textContent(), 'payment-service: charge');

    // "Find spans like this": the span's service, name and status as a TraceQL search.
    await page.locator('.span-details a.find-like').click();
    await page.waitForURL((url) => url.searchParams.get('mode') === 'traceql');
    const like = new URL(page.url()).searchParams.get('query') ?? '';
    assert.match(
      like,
      /^\{ resource\.service\.name = "payment-service" && name = "charge" && status = (unset|ok) \}$/,
    );
    assert.equal(await editor.textContent(), like);
    // The query names the service, so the answer carries it.
    const likeRow = page.locator('.traceql-trace .matched-spans tr').first();
    await likeRow.locator('.matched-service', { hasText: 'payment-service' }).waitFor();
    assert.equal(await likeRow.locator('.matched-name').textContent(), 'charge');
    // Back returns to the trace, its match still highlighted.
    await page.goBack();
    await page.locator('.span-row.matched').waitFor();
  });

  test("a bad query shows Tempo's message; markup in span names is text", async () => {
    const open = (query: string) =>
      page.goto(
        `${lab.backend.queryUrl}/search?${new URLSearchParams({ mode: 'traceql', query })}`,
      );
    await open('{ name = }');
    const error = page.locator('.traceql-error');
    await error.waitFor();
    assert.match((await error.textContent()) ?? '', /^400: .+/);

    await open('{ resource.service.name = "traceql-probe" }');
    const name = page.locator('.traceql-trace .matched-name').first();
    await name.waitFor();
    assert.equal(await name.textContent(), XSS);
    assert.equal(await page.locator('main img').count(), 0);
    assert.equal(await page.evaluate(() => (globalThis as { __xss?: number }).__xss), undefined);
    assert.deepEqual(pageErrors, []);
  });
});
