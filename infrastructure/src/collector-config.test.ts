import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { endpointsUnder, pipelineProblems, pipelinesOf } from './collector-pipelines.js';
import { composeServices, endpointProblem, hostPortOf } from './compose-model.js';
import { dashboardMetricNames } from './dashboard-queries.js';
import {
  asArray,
  asRecord,
  COLLECTOR_CONFIG,
  COMPOSE_FILE,
  DASHBOARD_FILE,
  readJson,
  readYaml,
  STACK_DIR,
} from './stack-files.js';

const services = composeServices(readYaml(COMPOSE_FILE));
const collector = readYaml(COLLECTOR_CONFIG);
const jaeger = readYaml(join(STACK_DIR, 'jaeger.yaml'));

describe('the Collector configuration', () => {
  test('every component a pipeline names is defined, and every defined one is used', () => {
    assert.deepEqual(pipelineProblems(collector), []);
  });

  test('traces, metrics and logs each go to their backend', () => {
    const exporters = Object.fromEntries(pipelinesOf(collector).map((p) => [p.id, p.exporters]));
    assert.ok(exporters.traces?.includes('otlp_grpc/jaeger'));
    assert.ok(exporters.traces?.includes('span_metrics'));
    assert.deepEqual(exporters.metrics, ['otlp_http/prometheus']);
    assert.deepEqual(exporters.logs, ['otlp_http/loki']);
  });

  test('memory_limiter comes first and batch last in every pipeline', () => {
    for (const pipeline of pipelinesOf(collector)) {
      assert.equal(pipeline.processors[0], 'memory_limiter', pipeline.id);
      assert.equal(pipeline.processors.at(-1), 'batch', pipeline.id);
    }
  });

  test('every exporter reaches a compose service on a port it listens on', () => {
    const endpoints = endpointsUnder(collector.exporters, 'exporters');
    assert.equal(endpoints.length, Object.keys(asRecord(collector.exporters)).length);
    for (const { path, value } of endpoints) {
      assert.equal(endpointProblem(services, value), undefined, path);
    }
  });

  test('the backends are reached on their OTLP paths', () => {
    const exporters = asRecord(collector.exporters);
    // otlp_http appends /v1/<signal> to these.
    assert.match(String(asRecord(exporters['otlp_http/loki']).endpoint), /:3100\/otlp$/);
    assert.match(String(asRecord(exporters['otlp_http/prometheus']).endpoint), /\/api\/v1\/otlp$/);
    const prometheusFlags = (services.get('prometheus')?.raw.command as string[]) ?? [];
    assert.ok(prometheusFlags.includes('--web.enable-otlp-receiver'));
    assert.ok(prometheusFlags.includes('--enable-feature=exemplar-storage'));
  });

  test('the OTLP receiver listens on every interface, on ports the compose service exposes', () => {
    const endpoints = endpointsUnder(collector.receivers, 'receivers');
    assert.deepEqual(endpoints.map((e) => e.path).sort(), [
      'receivers.otlp.protocols.grpc',
      'receivers.otlp.protocols.http',
    ]);
    for (const { path, value } of endpoints) {
      const { host, port } = hostPortOf(value);
      assert.equal(host, '0.0.0.0', path);
      assert.ok(services.get('otel-collector')?.containerPorts.has(port), `${path}: ${port}`);
    }
  });

  test("the services' OTLP endpoint is the Collector's port for their protocol", () => {
    const receivers = asRecord(asRecord(asRecord(collector.receivers).otlp).protocols);
    const portOf = (protocol: string) =>
      hostPortOf(String(asRecord(receivers[protocol]).endpoint)).port;
    for (const name of ['demo-app', 'payment-service']) {
      const env = services.get(name)?.environment ?? {};
      const endpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT ?? '';
      assert.equal(endpointProblem(services, endpoint), undefined, name);
      const { host, port } = hostPortOf(endpoint);
      assert.equal(host, 'otel-collector', name);
      const protocol = env.OTEL_EXPORTER_OTLP_PROTOCOL === 'grpc' ? 'grpc' : 'http';
      assert.equal(port, portOf(protocol), `${name} sends ${protocol}`);
    }
  });

  test('span metrics carry exemplars, and the dashboard uses the names they get', () => {
    const spanMetrics = asRecord(asRecord(collector.connectors).span_metrics);
    assert.equal(asRecord(spanMetrics.exemplars).enabled, true);
    // Prometheus's OTLP translation: dots to underscores, the unit as a suffix, _total on sums.
    const prefix = String(spanMetrics.namespace).replaceAll('.', '_');
    const unit = asRecord(spanMetrics.histogram).unit === 's' ? 'seconds' : 'milliseconds';
    const produced = new Set([
      `${prefix}_calls_total`,
      `${prefix}_duration_${unit}_bucket`,
      `${prefix}_duration_${unit}_sum`,
      `${prefix}_duration_${unit}_count`,
    ]);
    const used = dashboardMetricNames(readJson(DASHBOARD_FILE)).filter((name) =>
      name.startsWith(`${prefix}_`),
    );
    assert.ok(used.length > 0, 'the dashboard shows the span metrics');
    for (const name of used) assert.ok(produced.has(name), `${name} is not produced`);
  });
});

describe("Jaeger's configuration", () => {
  test('every component a pipeline or the service names is defined', () => {
    assert.deepEqual(pipelineProblems(jaeger), []);
  });

  test('it receives OTLP gRPC on the port the Collector sends to, and serves the UI on 16686', () => {
    const receivers = asRecord(asRecord(asRecord(jaeger.receivers).otlp).protocols);
    const grpc = hostPortOf(String(asRecord(receivers.grpc).endpoint));
    const sent = hostPortOf(
      String(asRecord(asRecord(collector.exporters)['otlp_grpc/jaeger']).endpoint),
    );
    assert.equal(grpc.port, sent.port);
    const query = asRecord(asRecord(jaeger.extensions).jaeger_query);
    assert.equal(hostPortOf(String(asRecord(query.http).endpoint)).port, 16686);
  });

  test('its health check is on the port and path the compose health check asks', () => {
    const health = asRecord(asRecord(jaeger.extensions).healthcheckv2);
    const { port } = hostPortOf(String(asRecord(health.http).endpoint));
    const check = (asRecord(services.get('jaeger')?.raw.healthcheck).test as string[]).join(' ');
    assert.ok(check.includes(`:${port}/status`), check);
  });
});

describe("Loki's configuration", () => {
  const loki = readYaml(join(STACK_DIR, 'loki.yaml'));

  test('it listens where the Collector sends logs', () => {
    const sent = hostPortOf(
      String(asRecord(asRecord(collector.exporters)['otlp_http/loki']).endpoint),
    );
    assert.equal(asRecord(loki.server).http_listen_port, sent.port);
  });

  test('it keeps trace_id as structured metadata, which the Loki data source links from', () => {
    assert.equal(asRecord(loki.limits_config).allow_structured_metadata, true);
  });

  test('it keeps its data on the named volume', () => {
    const mount = asArray(services.get('loki')?.raw.volumes)
      .map(String)
      .find((entry) => entry.startsWith('loki-data:'));
    assert.equal(mount?.split(':')[1], asRecord(loki.common).path_prefix);
  });
});
