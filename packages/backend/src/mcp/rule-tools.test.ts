import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { DuckDBConnection } from '@duckdb/node-api';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { call } from '@otel-lab/testkit';
import { registerPrometheusApi } from '../query/prometheus/prometheus-api.js';
import type { QueryRunner } from '../query/prometheus/query-runner.js';
import { FIXTURE_VIEW } from '../query/prometheus/rules-fixture.js';
import type { SeriesSource } from '../query/prometheus/series-source.js';
import { createQueryPortHandler } from '../serve/query-port.js';
import { createQueryRouter } from '../serve/query-router.js';
import { registerMcpApi } from './mcp-api.js';

/** Storage neither API reads for rules and alerts: reading it fails the test. */
const unused = <T>() =>
  new Proxy({} as object, {
    get: (_, key) => {
      if (key === 'then') return undefined;
      throw new Error(`read ${String(key)}`);
    },
  }) as T;

describe('list_rules and list_alerts say what /api/v1/rules and /api/v1/alerts say', () => {
  let base: string;
  let client: Client;
  let close: () => void;
  before(async () => {
    const router = createQueryRouter();
    const onError = () => {};
    registerPrometheusApi(router, {
      source: unused<SeriesSource>(),
      connection: unused<DuckDBConnection>(),
      runner: unused<QueryRunner>(),
      metadata: new Map(),
      targets: () => [],
      rules: FIXTURE_VIEW,
      onError,
    });
    const storage = unused<DuckDBConnection>();
    registerMcpApi(
      router,
      { readers: storage, reader: storage, rules: FIXTURE_VIEW },
      {
        log: () => {},
      },
    );
    const server = createServer(createQueryPortHandler({ router, log: () => {} }));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
    client = new Client({ name: 'rule-tools-test', version: '0' });
    await client.connect(new StreamableHTTPClientTransport(new URL('/mcp', base)));
  });
  after(async () => {
    await client.close();
    close();
  });

  for (const type of [undefined, 'alert', 'record'] as const) {
    test(`list_rules(type: ${type}) has /api/v1/rules's rules, each with its group`, async () => {
      const result = await client.callTool({ name: 'list_rules', arguments: type ? { type } : {} });
      const items = (result.structuredContent as { items: Record<string, unknown>[] }).items;
      const query = `exclude_alerts=true${type ? `&type=${type}` : ''}`;
      const { groups } = (await call(base, 'GET', `/api/v1/rules?${query}`)).json.data;
      const api = groups.flatMap((group: { name: string; file: string; rules: object[] }) =>
        group.rules.map((rule) => ({ group: group.name, file: group.file, ...rule })),
      );
      assert.ok(api.length > 0);
      assert.deepEqual(items, api);
      if (type)
        assert.ok(
          items.every((rule) => rule.type === (type === 'alert' ? 'alerting' : 'recording')),
        );
    });
  }

  test("list_alerts has /api/v1/alerts's alerts", async () => {
    const result = await client.callTool({ name: 'list_alerts', arguments: {} });
    const items = (result.structuredContent as { items: unknown[] }).items;
    const api = (await call(base, 'GET', '/api/v1/alerts')).json.data.alerts;
    assert.equal(items.length, 2);
    assert.deepEqual(items, api);
    assert.match((result.content as { text: string }[])[0]?.text ?? '', /^2 alerts, \d+ firing/);
  });
});
