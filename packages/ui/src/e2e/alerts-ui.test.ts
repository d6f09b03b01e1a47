import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type BackendProcess, startBackendProcess } from '@otel-lab/testkit';
import type { Browser, Page, Route } from 'playwright-core';
import { alertsFixture, rulesFixture, XSS } from '../model/alerts/rules-fixture.js';
import type { PromAlert, RulesData } from '../model/alerts/rules-types.js';
import { openPage, skipWithoutChromium, waitUntil } from './browser.js';

/** Set to a folder to save the screenshot the README shows (docs/screenshots). */
const SCREENSHOTS = process.env.OTEL_LAB_SCREENSHOTS;
const ROOT = join(__dirname, '..', '..', '..', '..', '..');

/**
 * What the fake rules API answers: the rules and alerts in Prometheus 3's shape, or an error as
 * Prometheus writes it. The backend itself serves the UI and answers every other API (the
 * explorer's queries), so links out of the page land on real pages.
 */
interface FakeRulesApi {
  rules: RulesData | { status: number; error: string };
  alerts: PromAlert[] | { status: number; error: string };
  requests: { rules: number; alerts: number };
}

async function answer(route: Route, body: unknown) {
  if (body && typeof body === 'object' && 'status' in body && 'error' in body) {
    const { status, error } = body as { status: number; error: string };
    await route.fulfill({
      status,
      contentType: 'application/json',
      body: JSON.stringify({ status: 'error', errorType: 'not_found', error }),
    });
    return;
  }
  await route.fulfill({
    contentType: 'application/json',
    body: JSON.stringify({ status: 'success', data: body }),
  });
}

describe('the alerts page in real Chromium', { skip: skipWithoutChromium() }, () => {
  let dir: string;
  let backend: BackendProcess;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const api: FakeRulesApi = {
    rules: { groups: [] },
    alerts: [],
    requests: { rules: 0, alerts: 0 },
  };
  const reset = (markup = '') => {
    api.rules = rulesFixture(Date.now(), markup);
    api.alerts = alertsFixture(Date.now(), markup);
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ui-alerts-e2e-'));
    backend = await startBackendProcess(join(ROOT, 'packages', 'backend', 'dist', 'main.js'), [
      '--data-dir',
      join(dir, 'data'),
    ]);
    ({ browser, page } = await openPage(pageErrors, { width: 1280, height: 760 }));
    await page.route(/\/api\/v1\/rules(\?|$)/, async (route) => {
      api.requests.rules++;
      await answer(route, api.rules);
    });
    await page.route(/\/api\/v1\/alerts(\?|$)/, async (route) => {
      api.requests.alerts++;
      await answer(route, Array.isArray(api.alerts) ? { alerts: api.alerts } : api.alerts);
    });
  });
  after(async () => {
    await browser?.close();
    await backend?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('/alerts lists the firing and pending alerts, then the rules by file and group', async () => {
    reset();
    await page.goto(`${backend.queryUrl}/alerts`);
    const rows = page.locator('.active-alerts .alert-row');
    await rows.first().waitFor();
    // Firing first, then pending; each with its labels, annotations and active-since time.
    assert.deepEqual(await rows.locator('.rule-state').allTextContents(), ['firing', 'pending']);
    const firing = rows.first();
    assert.equal(await firing.locator('.alert-name').textContent(), 'DemoAppHighErrorRatio');
    assert.deepEqual(await firing.locator('.alert-label').allTextContents(), [
      'job="demo-app"',
      'severity="critical"',
    ]);
    assert.equal(
      await firing.locator('.alert-summary').textContent(),
      'demo-app fails 31.2% of its requests',
    );
    assert.match((await firing.locator('.alert-since').textContent()) ?? '', /^3m \d+s ago/);
    assert.equal(await firing.locator('.alert-value').textContent(), '0.312');

    // Files in the API's order, each with its groups and their interval and last evaluation.
    assert.deepEqual(await page.locator('.rule-file-name').allTextContents(), [
      'infrastructure/rules/lab.rules.yml',
      '/etc/otel-lab/rules/experiments.yml',
    ]);
    assert.deepEqual(await page.locator('.rule-group-name').allTextContents(), [
      'demo-app',
      'scrape-targets',
      'experiments',
    ]);
    const header = (await page.locator('.rule-group-header').first().textContent()) ?? '';
    assert.match(header, /every 15s · last evaluation \d+(\.\d)?s ago · took 4\.2ms/);

    // Each rule: type, state, health, last evaluation and how long it took, and its error.
    const rule = (name: string) =>
      page.locator('.rule-row', { has: page.locator('.rule-name', { hasText: name }) });
    assert.equal(await rule('DemoAppHighLatency').locator('.rule-state').textContent(), 'pending');
    assert.equal(await rule('ScrapeTargetDown').locator('.rule-state').textContent(), 'inactive');
    assert.match((await rule('ScrapeTargetDown').textContent()) ?? '', /for 1m/);
    const broken = rule('instance:cpu:ratio');
    assert.equal(await broken.locator('.rule-type').textContent(), 'record');
    assert.equal(await broken.locator('.rule-health').textContent(), 'err');
    assert.match(
      (await broken.locator('.rule-error').textContent()) ?? '',
      /^found duplicate series for the match group/,
    );
    const never = rule('PaymentsStalled');
    assert.equal(await never.locator('.rule-health').textContent(), 'unknown');
    assert.match((await never.textContent()) ?? '', /never/);
    assert.match((await never.textContent()) ?? '', /keep firing for 10m/);

    // States are coloured: firing, pending and inactive each their own background.
    const background = (name: string) =>
      rule(name)
        .locator('.rule-state')
        .evaluate(
          (element) => element.ownerDocument.defaultView?.getComputedStyle(element).backgroundColor,
        );
    const colours = new Set([
      await background('DemoAppHighErrorRatio'),
      await background('DemoAppHighLatency'),
      await background('ScrapeTargetDown'),
    ]);
    assert.equal(colours.size, 3, [...colours].join(', '));
    if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, 'alerts.png') });
    assert.deepEqual(pageErrors, []);
  });

  test('labels, annotations and errors are shown as text, never run', async () => {
    reset(XSS);
    await page.goto(`${backend.queryUrl}/alerts`);
    await page.locator('.alert-description').first().waitFor();
    const description = page.locator('.alert-description').first();
    assert.ok(((await description.textContent()) ?? '').endsWith(XSS));
    assert.ok(((await page.locator('.rule-error').textContent()) ?? '').endsWith(XSS));
    assert.ok((await page.locator('.alert-label').allTextContents()).includes(`team="${XSS}"`));
    assert.equal(await page.locator('main img').count(), 0);
    assert.equal(await page.evaluate(() => (globalThis as { __xss?: number }).__xss), undefined);
  });

  test('filters by state and by name, in the URL, and back undoes them', async () => {
    await page.goto(`${backend.queryUrl}/alerts`);
    await page.locator('.rule-row').first().waitFor();
    assert.equal(await page.locator('.rule-row').count(), 6);
    // The toggles count the alerting rules in each state (PaymentsStalled, never evaluated, is
    // in state unknown: in none of them).
    assert.deepEqual(await page.locator('.state-toggle').allTextContents(), [
      'inactive (1)',
      'pending (1)',
      'firing (1)',
    ]);
    await page.locator('.state-toggle', { hasText: 'firing' }).locator('input').check();
    await page.waitForURL((url) => url.search === '?state=firing');
    assert.deepEqual(await page.locator('.rule-name').allTextContents(), ['DemoAppHighErrorRatio']);
    assert.equal(await page.locator('.active-alerts .alert-row').count(), 1);

    await page.goBack();
    await page.waitForURL((url) => url.search === '');
    assert.equal(await page.locator('.rule-row').count(), 6);

    await page.locator('input[aria-label="search rules"]').fill('LATENCY');
    await page.waitForURL((url) => url.searchParams.get('search') === 'LATENCY');
    assert.deepEqual(await page.locator('.rule-name').allTextContents(), ['DemoAppHighLatency']);
    // A label value matches too.
    await page.locator('input[aria-label="search rules"]').fill('critical');
    await page.locator('.rule-row').nth(1).waitFor();
    assert.deepEqual(await page.locator('.rule-name').allTextContents(), [
      'DemoAppHighErrorRatio',
      'ScrapeTargetDown',
    ]);
    await page.locator('input[aria-label="search rules"]').fill('nothing like this');
    await page.locator('.notice', { hasText: 'No rule matches the filters' }).waitFor();
    // A link with the filters opens them.
    await page.goto(`${backend.queryUrl}/alerts?state=inactive`);
    await page.locator('.rule-row').first().waitFor();
    assert.deepEqual(await page.locator('.rule-name').allTextContents(), ['ScrapeTargetDown']);
    assert.ok(
      await page.locator('.state-toggle', { hasText: 'inactive' }).locator('input').isChecked(),
    );
    assert.deepEqual(pageErrors, []);
  });

  test('the page refreshes at the chosen interval, a preference kept across visits', async () => {
    reset();
    await page.goto(`${backend.queryUrl}/alerts`);
    await page.locator('.rule-row').first().waitFor();
    await page.locator('select[aria-label="refresh interval"]').selectOption('5000');
    // The latency alert starts firing: the next refresh shows it, without a reload.
    const rules = rulesFixture(Date.now());
    const latency = rules.groups[0]?.rules[1];
    assert.ok(latency?.type === 'alerting' && latency.alerts?.[0]);
    latency.state = 'firing';
    latency.alerts[0].state = 'firing';
    api.rules = rules;
    await page
      .locator('.rule-row', { hasText: 'DemoAppHighLatency' })
      .locator('.rule-state', { hasText: 'firing' })
      .waitFor({ timeout: 15_000 });
    await page.reload();
    await page.locator('.rule-row').first().waitFor();
    assert.equal(await page.locator('select[aria-label="refresh interval"]').inputValue(), '5000');
    // Off stops the polls (after the one load a change of interval makes).
    const chosen = api.requests.rules;
    await page.locator('select[aria-label="refresh interval"]').selectOption('0');
    await page.waitForTimeout(6_000);
    const before = api.requests.rules;
    assert.ok(before <= chosen + 1, `${before - chosen} requests with refresh off`);
    await page.locator('button', { hasText: 'Refresh now' }).click();
    await waitUntil(
      () => api.requests.rules === before + 1,
      () => `${api.requests.rules - before} requests after Refresh now`,
    );
  });

  test("a rule's expression opens in the metrics explorer", async () => {
    reset();
    await page.goto(`${backend.queryUrl}/alerts`);
    const expr = page
      .locator('.rule-row', { hasText: 'DemoAppHighErrorRatio' })
      .locator('a.rule-expr');
    await expr.click();
    await page.waitForURL((url) => url.pathname === '/query');
    assert.equal(
      new URL(page.url()).searchParams.get('query'),
      'job:app_requests_errors:ratio_rate5m > 0.05',
    );
    await page
      .locator('.cm-content', { hasText: 'job:app_requests_errors:ratio_rate5m > 0.05' })
      .waitFor();
    assert.deepEqual(pageErrors, []);
  });

  test("Prometheus's /graph links (an alert's generatorURL) open the explorer", async () => {
    const expr = 'sum by (job) (rate(app_requests_total{status="error"}[5m])) > 0.05';
    await page.goto(`${backend.queryUrl}/alerts`);
    await page.goto(`${backend.queryUrl}/graph?g0.expr=${encodeURIComponent(expr)}&g0.tab=1`);
    await page.waitForURL((url) => url.pathname === '/query');
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('query'), expr);
    assert.equal(url.searchParams.get('tab'), 'table');
    await page.locator('.cm-content', { hasText: 'rate(app_requests_total' }).waitFor();
    // /graph replaced itself: back returns to the page before it, not to /graph and again here.
    await page.goBack();
    await page.waitForURL((back) => back.pathname === '/alerts');
    assert.deepEqual(pageErrors, []);
  });

  test('the nav counts firing alerts, and hides the count at 0 or without the API', async () => {
    reset();
    await page.goto(`${backend.queryUrl}/status`);
    const badge = page.locator('.topbar nav a[href="/alerts"] .firing-badge');
    await badge.waitFor();
    assert.equal(await badge.textContent(), '1');

    api.alerts = [];
    await page.reload();
    await page.locator('.topbar nav a[href="/alerts"]').waitFor();
    const asked = api.requests.alerts;
    await waitUntil(
      () => api.requests.alerts > asked,
      () => 'the badge never asked',
    );
    assert.equal(await badge.count(), 0);

    // A backend without the rules API: no badge, no error in the nav, no page error.
    api.alerts = { status: 404, error: 'not found' };
    api.rules = { status: 404, error: 'not found' };
    await page.goto(`${backend.queryUrl}/alerts`);
    await page.locator('.alerts-error').waitFor();
    assert.match((await page.locator('.alerts-error').textContent()) ?? '', /^404/);
    assert.equal(await badge.count(), 0);
    assert.equal(await page.locator('.topbar .error').count(), 0);
    assert.deepEqual(pageErrors, []);
  });
});
