import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, test } from 'node:test';
import { Registry } from 'prom-client';
import { metricValue } from '../../self-metrics/metric-value.js';
import { createAlertmanagerNotifier } from './alertmanager-notifier.js';
import {
  alertsNamed,
  type FakeAlertmanager,
  gate,
  startFakeAlertmanager,
} from './fake-alertmanager.test-support.js';

const opened: FakeAlertmanager[] = [];
after(() => Promise.all(opened.map((am) => am.close())));
async function fake(...args: Parameters<typeof startFakeAlertmanager>) {
  const am = await startFakeAlertmanager(...args);
  opened.push(am);
  return am;
}
const fastRetry = { initialMs: 20, maxMs: 40 };

/** A notifier whose log lines the test reads. */
function notifierFor(urls: string[], options: { timeoutMs?: number; giveUpAfterMs?: number } = {}) {
  const registry = new Registry();
  const lines: string[] = [];
  const notifier = createAlertmanagerNotifier({
    urls,
    registry,
    log: (line) => lines.push(line),
    timeoutMs: options.timeoutMs,
    retry: { ...fastRetry, giveUpAfterMs: options.giveUpAfterMs },
  });
  const metric = (name: string, alertmanager: string) =>
    metricValue(registry, `prometheus_notifications_${name}`, { alertmanager });
  return { notifier, lines, metric };
}

/** Polls `check` every 20 ms for at most 5 s. */
async function eventually(what: string, check: () => boolean | Promise<boolean>) {
  for (let i = 0; i < 250; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.fail(`not within 5 s: ${what}`);
}

test('a failing Alertmanager is counted and retried until it takes the alerts', async () => {
  const am = await fake((n) => (n < 3 ? { status: 503, body: 'not ready' } : {}));
  const { notifier, lines, metric } = notifierFor([am.url]);
  notifier.send(alertsNamed(0, 2));
  await am.waitForPosts(4);
  await notifier.stop();
  const endpoint = `${am.url}/api/v2/alerts`;
  assert.deepEqual(
    am.posts.map((post) => post.status),
    [503, 503, 503, 200],
  );
  assert.deepEqual(am.posts[3]?.alerts, alertsNamed(0, 2));
  assert.equal(await metric('errors_total', endpoint), 6, 'alerts affected, per failed post');
  assert.equal(await metric('sent_total', endpoint), 2);
  assert.equal(await metric('dropped_total', endpoint), 0);
  assert.match(lines[0] ?? '', /error sending 2 alerts to .*: bad response status 503: not ready/);
  assert.match(lines.at(-1) ?? '', /accepts alerts again/);
});

test('a down Alertmanager never blocks send: its posts are counted, retried, then dropped at stop', async () => {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await new Promise((resolve) => server.close(resolve));
  const { notifier, lines, metric } = notifierFor([url]);
  const endpoint = `${url}/api/v2/alerts`;
  // send is synchronous: it returns before any post, whatever the Alertmanager does.
  assert.equal(notifier.send(alertsNamed(0, 3)) as unknown, undefined);
  await eventually(
    'a post and a retry failed',
    async () => ((await metric('errors_total', endpoint)) ?? 0) >= 6,
  );
  assert.match(lines[0] ?? '', /error sending 3 alerts to .*ECONNREFUSED/);
  await notifier.stop();
  assert.equal(await metric('sent_total', endpoint), 0);
  assert.equal(await metric('dropped_total', endpoint), 3);
});

test('a batch still failing after giveUpAfterMs is dropped and counted', async () => {
  const am = await fake(() => ({ status: 500 }));
  const { notifier, lines, metric } = notifierFor([am.url], { giveUpAfterMs: 100 });
  notifier.send(alertsNamed(0, 4));
  const endpoint = `${am.url}/api/v2/alerts`;
  await eventually(
    'the batch dropped',
    async () => (await metric('dropped_total', endpoint)) === 4,
  );
  const posts = am.posts.length;
  await new Promise((resolve) => setTimeout(resolve, 150));
  assert.equal(am.posts.length, posts, 'no retry after giving up');
  assert.ok(lines.some((line) => /dropped 4 alerts .*still failing after 0\.1s/.test(line)));
  await notifier.stop();
});

test('a retried batch is not re-posted once newer copies of its alerts are queued', async () => {
  const am = await fake((n) => (n === 0 ? { status: 500 } : {}));
  const { notifier } = notifierFor([am.url]);
  notifier.send(alertsNamed(0, 2, 1));
  await am.waitForPosts(1);
  notifier.send(alertsNamed(1, 1, 2));
  await am.waitForPosts(3);
  await notifier.stop();
  // a0 is still current and retried; a1's retry is replaced by its version 2.
  const delivered = am.posts
    .filter((post) => post.status === 200)
    .flatMap((post) => post.alerts.map((a) => `${a.labels.alertname}@${a.annotations.version}`))
    .sort();
  assert.deepEqual(delivered, ['a0@1', 'a1@2']);
});

test('a slow Alertmanager times out, counted as an error', async () => {
  const never = gate();
  const am = await fake((n) => (n === 0 ? { after: never.opened } : {}));
  const { notifier, lines, metric } = notifierFor([am.url], { timeoutMs: 200 });
  notifier.send(alertsNamed(0, 1));
  await am.waitForPosts(2);
  await notifier.stop();
  never.open();
  assert.equal(await metric('errors_total', `${am.url}/api/v2/alerts`), 1);
  assert.equal(await metric('sent_total', `${am.url}/api/v2/alerts`), 1);
  assert.match(lines[0] ?? '', /post timed out after 0\.2s/);
});

test('a redirect is not followed', async () => {
  const elsewhere = await fake();
  const am = await fake(() => ({
    status: 307,
    headers: { location: `${elsewhere.url}/api/v2/alerts` },
  }));
  const { notifier, lines } = notifierFor([am.url]);
  notifier.send(alertsNamed(0, 1));
  await am.waitForPosts(2);
  await notifier.stop();
  assert.equal(elsewhere.posts.length, 0);
  assert.match(
    lines[0] ?? '',
    new RegExp(`status 307: redirected to ${elsewhere.url}/api/v2/alerts, which is not followed`),
  );
});

test("only the start of an Alertmanager's answer is read", async () => {
  const am = await fake((n) => (n === 0 ? { status: 500, body: 'x'.repeat(8 * 1024 * 1024) } : {}));
  const { notifier, lines } = notifierFor([am.url]);
  notifier.send(alertsNamed(0, 1));
  await am.waitForPosts(2);
  await notifier.stop();
  assert.match(lines[0] ?? '', /bad response status 500: x{200}$/);
});

test('stop ends within one timeout even when the Alertmanager hangs', async () => {
  const never = gate();
  const am = await fake(() => ({ after: never.opened }));
  const { notifier, metric } = notifierFor([am.url], { timeoutMs: 300 });
  notifier.send(alertsNamed(0, 1));
  await am.waitForPosts(1);
  notifier.send(alertsNamed(1, 2));
  await notifier.stop();
  never.open();
  assert.equal(await metric('dropped_total', `${am.url}/api/v2/alerts`), 3);
});
