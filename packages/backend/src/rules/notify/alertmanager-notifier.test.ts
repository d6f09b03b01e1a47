import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { Registry } from 'prom-client';
import { metricValue } from '../../self-metrics/metric-value.js';
import { createAlertmanagerNotifier } from './alertmanager-notifier.js';
import {
  alertsNamed,
  type FakeAlertmanager,
  gate,
  startFakeAlertmanager,
} from './fake-alertmanager.test-support.js';

const quiet = () => {};
const opened: FakeAlertmanager[] = [];
after(() => Promise.all(opened.map((am) => am.close())));
async function fake(...args: Parameters<typeof startFakeAlertmanager>) {
  const am = await startFakeAlertmanager(...args);
  opened.push(am);
  return am;
}
const endpointOf = (am: FakeAlertmanager) => `${am.url}/api/v2/alerts`;

describe('batches', () => {
  const rows: { sent: number; maxBatchSize?: number; batches: number[] }[] = [
    { sent: 1, batches: [1] },
    { sent: 256, batches: [256] },
    { sent: 600, batches: [256, 256, 88] },
    { sent: 7, maxBatchSize: 3, batches: [3, 3, 1] },
  ];
  for (const row of rows) {
    test(`${row.sent} alerts at once go in posts of ${row.batches.join(', ')}`, async () => {
      const am = await fake();
      const registry = new Registry();
      const notifier = createAlertmanagerNotifier({
        urls: [am.url],
        registry,
        log: quiet,
        maxBatchSize: row.maxBatchSize,
      });
      const alerts = alertsNamed(0, row.sent);
      notifier.send(alerts);
      await am.waitForPosts(row.batches.length);
      await notifier.stop();
      assert.deepEqual(
        am.posts.map((post) => post.alerts.length),
        row.batches,
      );
      assert.deepEqual(
        am.posts.flatMap((post) => post.alerts),
        alerts,
      );
      const labels = { alertmanager: endpointOf(am) };
      assert.equal(
        await metricValue(registry, 'prometheus_notifications_sent_total', labels),
        row.sent,
      );
      assert.equal(await metricValue(registry, 'prometheus_notifications_errors_total', labels), 0);
      assert.equal(await metricValue(registry, 'prometheus_notifications_queue_length', labels), 0);
      assert.equal(
        await metricValue(registry, 'prometheus_notifications_latency_seconds_count', labels),
        row.batches.length,
      );
    });
  }
});

test('every Alertmanager gets every alert, and one listed twice gets them once', async () => {
  const [first, second] = [await fake(), await fake()];
  const registry = new Registry();
  const notifier = createAlertmanagerNotifier({
    urls: [first.url, second.url, `${first.url}/`],
    registry,
    log: quiet,
  });
  notifier.send(alertsNamed(0, 3));
  await Promise.all([first.waitForPosts(1), second.waitForPosts(1)]);
  await notifier.stop();
  assert.deepEqual([first.posts.length, second.posts.length], [1, 1]);
  assert.equal(await metricValue(registry, 'prometheus_notifications_alertmanagers_discovered'), 2);
  assert.equal(await metricValue(registry, 'prometheus_notifications_queue_capacity'), 10_000);
});

describe('a full queue drops its oldest alerts and counts them', () => {
  // The first send is in flight (the Alertmanager holds it) while the others queue.
  const rows: {
    name: string;
    sends: number[];
    capacity: number;
    dropped: number;
    kept: string[];
  }[] = [
    { name: 'no overflow', sends: [1, 4], capacity: 5, dropped: 0, kept: ['a1', 'a2', 'a3', 'a4'] },
    {
      name: 'two sends overflow',
      sends: [1, 3, 4],
      capacity: 5,
      dropped: 2,
      kept: ['a3', 'a4', 'a5', 'a6', 'a7'],
    },
    {
      name: 'one send over capacity',
      sends: [1, 7],
      capacity: 5,
      dropped: 2,
      kept: ['a3', 'a4', 'a5', 'a6', 'a7'],
    },
  ];
  for (const row of rows) {
    test(row.name, async () => {
      const held = gate();
      const am = await fake((n) => (n === 0 ? { after: held.opened } : {}));
      const registry = new Registry();
      const notifier = createAlertmanagerNotifier({
        urls: [am.url],
        registry,
        log: quiet,
        queueCapacity: row.capacity,
      });
      let from = 0;
      for (const [i, count] of row.sends.entries()) {
        notifier.send(alertsNamed(from, count));
        from += count;
        if (i === 0) await am.waitForPosts(1);
      }
      const labels = { alertmanager: endpointOf(am) };
      assert.equal(
        await metricValue(registry, 'prometheus_notifications_dropped_total', labels),
        row.dropped,
      );
      assert.equal(
        await metricValue(registry, 'prometheus_notifications_queue_length', labels),
        row.kept.length,
      );
      held.open();
      await am.waitForPosts(2);
      await notifier.stop();
      assert.deepEqual(
        am.posts[1]?.alerts.map((alert) => alert.labels.alertname),
        row.kept,
      );
    });
  }
});

test('stop posts what is still queued', async () => {
  const held = gate();
  const am = await fake((n) => (n === 0 ? { after: held.opened } : {}));
  const notifier = createAlertmanagerNotifier({
    urls: [am.url],
    registry: new Registry(),
    log: quiet,
  });
  notifier.send(alertsNamed(0, 1));
  await am.waitForPosts(1);
  notifier.send(alertsNamed(1, 2));
  const stopped = notifier.stop();
  held.open();
  await stopped;
  assert.deepEqual(
    am.posts.map((post) => post.alerts.length),
    [1, 2],
  );
  notifier.send(alertsNamed(3, 1));
  assert.equal(am.posts.length, 2, 'a stopped notifier sends nothing');
});
