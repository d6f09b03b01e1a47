/**
 * The notifier against Debian's real Alertmanager (0.25): an alert posted firing reaches the
 * Alertmanager's webhook receiver (a server in this test) as firing, and posted again with
 * `endsAt` in the past, as resolved.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  ALERTMANAGER_BIN,
  type RealAlertmanager,
  skipWithout,
  startRealAlertmanager,
} from '@otel-lab/testkit';
import { Registry } from 'prom-client';
import type { PostableAlert } from '../eval/rule-state.js';
import { type AlertmanagerNotifier, createAlertmanagerNotifier } from './alertmanager-notifier.js';

/** The parts of Alertmanager's webhook payload the test reads. */
interface WebhookMessage {
  status: 'firing' | 'resolved';
  alerts: { status: string; labels: Record<string, string>; annotations: Record<string, string> }[];
}

describe('the notifier and a real Alertmanager', {
  skip: skipWithout(ALERTMANAGER_BIN, 'apt-get install prometheus-alertmanager'),
}, () => {
  const dir = mkdtempSync(join(tmpdir(), 'alertmanager-'));
  const received: WebhookMessage[] = [];
  const webhook = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
    response.end();
  });
  let alertmanager: RealAlertmanager;
  let notifier: AlertmanagerNotifier;
  /** The notifier's log: an error sending would show here. */
  const logged: string[] = [];

  before(async () => {
    webhook.listen(0, '127.0.0.1');
    await once(webhook, 'listening');
    const hook = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/hook`;
    alertmanager = await startRealAlertmanager({
      dir,
      config: [
        'global:',
        '  resolve_timeout: 5s',
        'route:',
        '  receiver: test-webhook',
        '  group_by: [alertname]',
        '  group_wait: 100ms',
        '  group_interval: 1s',
        '  repeat_interval: 1h',
        'receivers:',
        '  - name: test-webhook',
        '    webhook_configs:',
        `      - url: ${hook}`,
        '        send_resolved: true',
        '',
      ].join('\n'),
    });
    notifier = createAlertmanagerNotifier({
      urls: [alertmanager.url],
      registry: new Registry(),
      log: (line) => logged.push(line),
    });
  });
  after(async () => {
    await notifier?.stop();
    await alertmanager?.stop();
    await new Promise((resolve) => webhook.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  const startsAt = new Date(Date.now() - 60_000).toISOString();
  const alert = (endsAt: number): PostableAlert => ({
    labels: { alertname: 'DemoAppHighErrorRatio', severity: 'page', service_name: 'demo-app' },
    annotations: { summary: 'demo-app fails 30% of its requests' },
    startsAt,
    endsAt: new Date(endsAt).toISOString(),
    generatorURL: 'http://127.0.0.1:16686/alerts',
  });

  /** The first webhook message with `status`, waiting at most 20 s. */
  async function messageWith(status: WebhookMessage['status']): Promise<WebhookMessage> {
    for (let i = 0; i < 200; i++) {
      const found = received.find((message) => message.status === status);
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.fail(`no ${status} message within 20 s; received ${JSON.stringify(received)}`);
  }

  test('a firing alert reaches the webhook as firing', async () => {
    notifier.send([alert(Date.now() + 4 * 60_000)]);
    const message = await messageWith('firing');
    assert.equal(message.alerts.length, 1);
    assert.equal(message.alerts[0]?.status, 'firing');
    assert.equal(message.alerts[0]?.labels.alertname, 'DemoAppHighErrorRatio');
    assert.equal(message.alerts[0]?.annotations.summary, 'demo-app fails 30% of its requests');
    assert.deepEqual(logged, []);
  });

  test('the same alert with endsAt in the past reaches it as resolved', async () => {
    notifier.send([alert(Date.now() - 1000)]);
    const message = await messageWith('resolved');
    assert.deepEqual(
      message.alerts.map((a) => [a.labels.alertname, a.status]),
      [['DemoAppHighErrorRatio', 'resolved']],
    );
    assert.deepEqual(logged, []);
  });
});
