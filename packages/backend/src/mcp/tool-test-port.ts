/**
 * For the tool tests: a query port as main.ts composes it, with the Loki, native logs and
 * Prometheus APIs beside /mcp over one store and one PromQL worker pool, and an MCP client
 * connected to it, so each tool's answer can be set against the API's for the same question.
 */
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { registerLokiApi } from '../query/loki/loki-api.js';
import { registerLogsApi } from '../query/native/logs-api.js';
import { registerPrometheusApi } from '../query/prometheus/prometheus-api.js';
import { DEFAULT_QUERY_LIMITS } from '../query/prometheus/query-limits.js';
import { createQueryPool } from '../query/prometheus/query-pool.js';
import { createSeriesSource } from '../query/prometheus/series-source.js';
import { createHostPolicy } from '../serve/host-policy.js';
import { createQueryPortHandler } from '../serve/query-port.js';
import { createQueryRouter } from '../serve/query-router.js';
import { openTelemetryStore, type TelemetryStore } from '../storage/telemetry-store.js';
import { registerMcpApi } from './mcp-api.js';

export interface ToolTestPort {
  base: string;
  store: TelemetryStore;
  client: Client;
  errors: unknown[];
  /** A tool's result: its structured content, or its error text. */
  tool(name: string, args: Record<string, unknown>): Promise<ToolResult>;
  close(): Promise<void>;
}

export interface ToolResult {
  isError: boolean;
  text: string;
  content: Record<string, unknown>;
}

export async function startToolTestPort(
  fill: (store: TelemetryStore) => Promise<void>,
): Promise<ToolTestPort> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mcp-tools-'));
  const store = await openTelemetryStore({ dataDir });
  await fill(store);
  const errors: unknown[] = [];
  const onError = (error: unknown) => errors.push(error);
  const router = createQueryRouter();
  const source = createSeriesSource(store.reader, store.metrics.series);
  // The worker pool main.ts shares between /api/v1/query and /mcp: answers come as bytes.
  const runner = createQueryPool({ source, workers: 1 });
  const metadata = store.metrics.metadata;
  registerLokiApi(router, store.reader, { onError, queryTimeoutMs: 10_000 });
  registerLogsApi(router, store.reader, { onError });
  registerPrometheusApi(router, {
    source,
    connection: store.reader,
    runner,
    metadata,
    targets: () => [],
    onError,
  });
  registerMcpApi(
    router,
    {
      readers: store.readers,
      reader: store.reader,
      metrics: { runner, limits: DEFAULT_QUERY_LIMITS, metadata },
      logQueryTimeoutMs: 10_000,
    },
    { log: () => {} },
  );
  const log = (line: string) => errors.push(line);
  const hosts = createHostPolicy([]);
  const server = createServer(createQueryPortHandler({ router, log, hosts }));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new Client({ name: 'tool-test', version: '0' });
  await client.connect(new StreamableHTTPClientTransport(new URL('/mcp', base)));
  return {
    base,
    store,
    client,
    errors,
    async tool(name, args) {
      const result = await client.callTool({ name, arguments: args });
      const [first] = result.content as { type: string; text?: string }[];
      return {
        isError: result.isError === true,
        text: first?.text ?? '',
        content: (result.structuredContent ?? {}) as Record<string, unknown>,
      };
    },
    async close() {
      try {
        await client.close();
      } finally {
        await new Promise((done) => server.close(done));
        await runner.close();
        store.close();
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}
