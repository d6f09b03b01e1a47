import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { decodeTracesJson } from '@otel-lab/otlp';
import { openTelemetryStore } from '../../storage/telemetry-store.js';
import { createJaegerApiHandler, type JaegerApiOptions } from './jaeger-api.js';

/** ../shared/conformance/jaeger-fixtures, from dist/query/jaeger. */
export const JAEGER_FIXTURES = join(
  __dirname,
  ...Array(6).fill('..'),
  'shared',
  'conformance',
  'jaeger-fixtures',
);

/** `skip` for node:test: a one-line notice when the fixtures are absent (a failure under CI). */
export function fixturesSkip(): string | false {
  if (existsSync(JAEGER_FIXTURES)) return false;
  if (process.env.OTEL_LAB_REQUIRE_ALL) throw new Error(`${JAEGER_FIXTURES} is missing`);
  return `no conformance data at ${JAEGER_FIXTURES}`;
}

/** Resolves false for requests that are not its own, as the query handlers do. */
export type QueryHandler = (request: IncomingMessage, response: ServerResponse) => Promise<boolean>;

/** A store on a temp dir holding the given OTLP/JSON requests, served by the Jaeger handler. */
export function startJaegerTestServer(otlpJson: unknown[], options: JaegerApiOptions = {}) {
  return startQueryTestServer(otlpJson, (reader) => createJaegerApiHandler(reader, options));
}

/** A store on a temp dir holding the given OTLP/JSON requests, served by `createHandler`'s handler. */
export async function startQueryTestServer(
  otlpJson: unknown[],
  createHandler: (reader: DuckDBConnection) => QueryHandler,
) {
  const dataDir = mkdtempSync(join(tmpdir(), 'jaeger-api-'));
  const store = await openTelemetryStore({ dataDir });
  for (const body of otlpJson) {
    await store.writeSpans(decodeTracesJson(Buffer.from(JSON.stringify(body))).items);
  }
  const handler = createHandler(store.reader);
  const server = createServer(async (request, response) => {
    if (!(await handler(request, response))) {
      response.writeHead(418);
      response.end('not mine');
    }
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    store,
    async close() {
      await new Promise((resolve) => server.close(resolve));
      store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
