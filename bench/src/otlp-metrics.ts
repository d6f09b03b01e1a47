/**
 * Where an OTLP metrics request's time goes on the backend's main thread, stage by stage:
 * decoding the protobuf, translating to Prometheus samples, storing the metrics as received, and
 * storing the samples. Spans and logs are decoded in a worker; this says whether metrics should be
 * too (issue 19): only if decoding is a large part of the whole.
 *
 *   npm run bench:otlp-metrics -- [--requests 300] [--rounds 3]
 *
 * Requests as an SDK exports them every interval: one service resource, 20 counters and 10
 * histograms (16 buckets) of 10 series each, and 10 gauges: 310 data points, about 2,000 samples.
 * CPU time of the whole process per data point (DuckDB's threads count too), median of the rounds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openTelemetryStore, translateOtlpMetrics } from '@otel-lab/backend';
import { decodeMetricsProtobuf, OTLP_PROTO } from '@otel-lab/otlp';
import protobuf from 'protobufjs';
import { textTable } from './text-table.js';

const USAGE = `usage: npm run bench:otlp-metrics -- [options]

Decodes, translates and stores OTLP metrics requests in this process, as the backend's main
thread does for POST /v1/metrics, and reports each stage's CPU time per data point. Prints a table,
then one JSON line: {"decode_us_per_point","translate_us_per_point",
"store_received_us_per_point","store_samples_us_per_point","decode_share"}.

options:
  --requests N   requests per round (default 300)
  --rounds N     rounds, each into a fresh store (default 3)
  -h, --help     this text
`;

const { values: args } = parseArgs({
  options: {
    requests: { type: 'string', default: '300' },
    rounds: { type: 'string', default: '3' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (args.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const requests = Number(args.requests);
const rounds = Number(args.rounds);
if (!(Number.isInteger(requests) && requests > 0 && Number.isInteger(rounds) && rounds > 0)) {
  process.stderr.write(`--requests and --rounds take positive whole numbers\n\n${USAGE}`);
  process.exit(2);
}

const Request = protobuf
  .parse(OTLP_PROTO, { keepCase: false })
  .root.lookupType('otlp.ExportMetricsServiceRequest');
const text = (key: string, value: string) => ({ key, value: { stringValue: value } });
const RESOURCE = {
  attributes: [
    text('service.name', 'demo-app'),
    text('service.version', '1.0.0'),
    text('service.instance.id', '9f1c2d3e'),
    text('host.name', 'lab-host'),
    text('process.runtime.name', 'nodejs'),
    text('telemetry.sdk.language', 'nodejs'),
    text('telemetry.sdk.name', 'opentelemetry'),
    text('telemetry.sdk.version', '2.12.0'),
  ],
};
const BOUNDS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 15];
const POINTS = 20 * 10 + 10 * 10 + 10;
const START_NS = BigInt(Date.now() - 3_600_000) * 1_000_000n;

/** The `index`th export of the same SDK: cumulative values that grow, 15 s apart. */
function encodeRequest(index: number): Uint8Array {
  const start = START_NS.toString();
  const time = (START_NS + BigInt(index) * 15_000_000_000n).toString();
  const routes = Array.from({ length: 10 }, (_, i) => `/api/route-${i}`);
  const metrics: object[] = [];
  for (let m = 0; m < 20; m++) {
    const dataPoints = routes.map((route, i) => ({
      attributes: [
        text('http.route', route),
        text('http.request.method', 'GET'),
        text('http.response.status_code', String(200 + (i % 3))),
      ],
      startTimeUnixNano: start,
      timeUnixNano: time,
      asInt: index * 10 + i,
    }));
    metrics.push({
      name: `app.requests.${m}`,
      unit: '1',
      sum: { dataPoints, aggregationTemporality: 2, isMonotonic: true },
    });
  }
  for (let m = 0; m < 10; m++) {
    const dataPoints = routes.map((route) => ({
      attributes: [text('http.route', route), text('http.request.method', 'GET')],
      startTimeUnixNano: start,
      timeUnixNano: time,
      count: 16 * (index + 1),
      sum: 0.1 * index,
      bucketCounts: Array.from({ length: BOUNDS.length + 1 }, () => index + 1),
      explicitBounds: BOUNDS,
    }));
    metrics.push({
      name: `app.duration.${m}`,
      unit: 's',
      histogram: { dataPoints, aggregationTemporality: 2 },
    });
  }
  for (let m = 0; m < 10; m++) {
    metrics.push({
      name: `app.pool.${m}`,
      unit: '1',
      gauge: {
        dataPoints: [
          { attributes: [text('pool', 'main')], timeUnixNano: time, asDouble: index % 7 },
        ],
      },
    });
  }
  const request = {
    resourceMetrics: [{ resource: RESOURCE, scopeMetrics: [{ scope: { name: 'demo' }, metrics }] }],
  };
  return Request.encode(Request.fromObject(request)).finish();
}

interface Stages {
  decode: number;
  translate: number;
  storeReceived: number;
  storeSamples: number;
}

const cpuMicros = () => {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
};

async function round(bodies: Uint8Array[]): Promise<Stages> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-otlp-metrics-'));
  const store = await openTelemetryStore({ dataDir });
  const total: Stages = { decode: 0, translate: 0, storeReceived: 0, storeSamples: 0 };
  try {
    for (const body of bodies) {
      let before = cpuMicros();
      const lap = () => {
        const now = cpuMicros();
        const spent = now - before;
        before = now;
        return spent;
      };
      const metrics = decodeMetricsProtobuf(body).items;
      total.decode += lap();
      const { batch } = translateOtlpMetrics(metrics);
      total.translate += lap();
      await store.writeMetrics(metrics, BigInt(Date.now()) * 1_000_000n);
      total.storeReceived += lap();
      await store.writeSamples(batch);
      total.storeSamples += lap();
    }
  } finally {
    store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const points = bodies.length * POINTS;
  return {
    decode: total.decode / points,
    translate: total.translate / points,
    storeReceived: total.storeReceived / points,
    storeSamples: total.storeSamples / points,
  };
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

async function main(): Promise<void> {
  const bodies = Array.from({ length: requests }, (_, i) => encodeRequest(i));
  console.log(
    `${requests} requests of ${POINTS} data points (${bodies[0]?.length} bytes) per round, ${rounds} rounds`,
  );
  const results: Stages[] = [];
  for (let r = 0; r < rounds; r++) {
    results.push(await round(bodies));
    console.log(`round ${r + 1} done`);
  }
  const stage = (key: keyof Stages) => median(results.map((result) => result[key]));
  const stages: [string, number][] = [
    ['decode (protobuf to objects)', stage('decode')],
    ['translate (to Prometheus samples)', stage('translate')],
    ['store as received (received_metrics)', stage('storeReceived')],
    ['store the samples', stage('storeSamples')],
  ];
  const whole = stages.reduce((sum, [, value]) => sum + value, 0);
  console.log(
    `\n${textTable(
      ['stage', 'CPU µs per data point', 'share'],
      stages.map(([name, value]) => [
        name,
        value.toFixed(2),
        `${((100 * value) / whole).toFixed(0)} %`,
      ]),
      [0],
    )}\n`,
  );
  console.log(
    JSON.stringify({
      decode_us_per_point: Number(stage('decode').toFixed(2)),
      translate_us_per_point: Number(stage('translate').toFixed(2)),
      store_received_us_per_point: Number(stage('storeReceived').toFixed(2)),
      store_samples_us_per_point: Number(stage('storeSamples').toFixed(2)),
      decode_share: Number((stage('decode') / whole).toFixed(3)),
    }),
  );
}

void main();
