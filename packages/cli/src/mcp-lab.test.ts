/**
 * The README's worked example, on the lab itself: demo-app and payment-service exporting to the
 * backend, every charge slow (SLOW_PAYMENT_RATE=1), and an agent's stdio client asking as the
 * README shows. find_traces finds the slow orders, get_trace's slowest path ends in
 * payment-service's charge span marked payment.slow, and search_logs has that trace's lines.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import {
  type BackendProcess,
  exportingServiceEnv,
  type ServiceProcess,
  startBackendProcess,
  startServiceProcess,
} from '@otel-lab/testkit';

const ROOT = join(__dirname, '..', '..', '..');
const ORDERS = 3;

interface Node {
  service: string;
  name: string;
  slowest?: boolean;
  attributes: Record<string, unknown>;
  children: Node[];
}

/** The nodes marked slowest, from the root down. */
function slowestPath(nodes: Node[]): Node[] {
  const next = nodes.find((node) => node.slowest);
  return next ? [next, ...slowestPath(next.children)] : [];
}

const dir = mkdtempSync(join(tmpdir(), 'mcp-lab-'));
let backend: BackendProcess;
let services: ServiceProcess[] = [];
let agent: Client;

before(async () => {
  writeFileSync(join(dir, 'no-scrapes.yml'), 'scrape_configs: []\n');
  backend = await startBackendProcess(join(ROOT, 'packages', 'backend', 'dist', 'main.js'), [
    ...['--data-dir', join(dir, 'data'), '--scrape-config', join(dir, 'no-scrapes.yml')],
    ...['--self-scrape-interval', '0'],
  ]);
  const env = exportingServiceEnv(backend.otlpHttpUrl);
  const payment = await startServiceProcess({
    script: join(ROOT, 'payment-service', 'dist', 'main.js'),
    env: { ...env, SLOW_PAYMENT_RATE: '1' },
  });
  services = [payment];
  const demo = await startServiceProcess({
    script: join(ROOT, 'demo-app', 'dist', 'main.js'),
    env: { ...env, PAYMENT_SERVICE_URL: payment.url, DATA_DIR: join(dir, 'shop') },
  });
  services.push(demo);
  for (let i = 0; i < ORDERS; i++) {
    const response = await fetch(`${demo.url}/api/orders`, { method: 'POST' });
    assert.equal(response.status, 201, await response.text());
  }
  agent = new Client({ name: 'mcp-lab-test', version: '0' });
  await agent.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [join(__dirname, 'mcp.js'), '--backend', backend.queryUrl],
      env: { PATH: process.env.PATH ?? '' },
      stderr: 'pipe',
    }),
  );
});

after(async () => {
  await agent?.close();
  await Promise.all(services.map((service) => service.stop()));
  await backend?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('an agent finds the slow payment as the README shows', { timeout: 60_000 }, async () => {
  const call = async (name: string, args: Record<string, unknown>) => {
    const result = await agent.callTool({ name, arguments: args });
    assert.notEqual(result.isError, true, JSON.stringify(result.content));
    return result.structuredContent as Record<string, unknown>;
  };
  // The spans arrive within the services' 50 ms export delay: ask until all orders are there.
  let traces: { traceId: string; rootName: string; services: string[] }[] = [];
  for (let attempt = 0; attempt < 100 && traces.length < ORDERS; attempt++) {
    if (attempt) await sleep(100);
    const found = await call('find_traces', { service: 'payment-service', minDuration: '500ms' });
    traces = found.items as typeof traces;
  }
  assert.equal(traces.length, ORDERS);
  const [slow] = traces;
  assert.equal(slow?.rootName, 'POST /api/orders');
  assert.deepEqual(slow?.services, ['demo-app', 'payment-service']);

  const marked = await call('find_traces', { attributes: { 'payment.slow': true } });
  assert.deepEqual(
    (marked.items as typeof traces).map((trace) => trace.traceId).sort(),
    traces.map((trace) => trace.traceId).sort(),
  );

  const trace = await call('get_trace', { traceId: slow?.traceId });
  const path = slowestPath(trace.tree as Node[]);
  assert.deepEqual(
    path.map((node) => `${node.service} ${node.name}`),
    [
      'demo-app POST /api/orders',
      'demo-app process_order',
      'demo-app process_payment',
      'demo-app POST',
      'payment-service POST /api/charge',
      'payment-service charge',
    ],
  );
  assert.equal(path.at(-1)?.attributes['payment.slow'], true);

  // The log records of the trace may trail its spans by an export delay.
  let lines: { service: string; body: { stringValue?: string } }[] = [];
  for (let attempt = 0; attempt < 50 && lines.length < 2; attempt++) {
    if (attempt) await sleep(100);
    lines = (await call('search_logs', { traceId: slow?.traceId })).items as typeof lines;
  }
  assert.deepEqual(lines.map((line) => `${line.service}: ${line.body.stringValue}`).sort(), [
    'demo-app: order created',
    'payment-service: charge approved',
  ]);
});
