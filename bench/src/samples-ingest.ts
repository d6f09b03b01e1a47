/**
 * Metric sample ingest into the backend's store: SampleBatches of ~10k samples written with
 * writeSamples (one durable transaction each), in the shapes the sources produce them.
 *
 *   npm run bench:samples -- [--samples 2000000] [--rounds 3]
 *
 * Scenarios, alternated round by round: "scrape" (10,000 series, one point each per batch, the
 * same label objects every time, as a scrape loop hands them over) and "backfill" (1,000 series,
 * ten points each per batch). Prints a table of medians, then one JSON line:
 * {"samples_per_s", "bytes_per_sample"} for the scrape scenario (bytes on disk after a
 * checkpoint, divided by samples stored).
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  DATABASE_FILE,
  type Labels,
  openTelemetryStore,
  type SampleBatch,
  SampleBatchBuilder,
  sortedLabels,
} from '@otel-lab/backend';
import { textTable } from './text-table.js';

const USAGE = `usage: npm run bench:samples -- [options]

Writes metric samples into the backend's store in batches of ~10,000, each one durable
transaction, alternating two shapes: "scrape" (10,000 series, one point each per batch) and
"backfill" (1,000 series, ten points each). Prints a table of medians, then one JSON line:
{"samples_per_s","bytes_per_sample"} for the scrape shape.

options:
  --samples N   samples to write in all (default 2000000)
  --rounds N    rounds of the two shapes (default 3)
  -h, --help    this text
`;

const { values: args } = parseArgs({
  options: {
    samples: { type: 'string', default: '2000000' },
    rounds: { type: 'string', default: '3' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (args.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const totalSamples = Number(args.samples);
const rounds = Number(args.rounds);
if (
  !(Number.isInteger(totalSamples) && totalSamples > 0 && Number.isInteger(rounds) && rounds > 0)
) {
  process.stderr.write(`--samples and --rounds take positive whole numbers\n\n${USAGE}`);
  process.exit(2);
}
const BATCH = 10_000;
const START_MS = Date.UTC(2026, 0, 1);

interface Scenario {
  name: string;
  seriesCount: number;
  pointsPerSeries: number;
}

const SCENARIOS: Scenario[] = [
  { name: 'scrape (10k series x 1 point)', seriesCount: 10_000, pointsPerSeries: 1 },
  { name: 'backfill (1k series x 10 points)', seriesCount: 1_000, pointsPerSeries: 10 },
];

/** Label sets like a service's: a few metric names, routes, methods, status codes, buckets. */
function seriesLabels(count: number): Labels[] {
  const out: Labels[] = [];
  for (let i = 0; i < count; i++) {
    out.push(
      sortedLabels([
        ['__name__', `app_request_duration_seconds_bucket`],
        ['job', `service-${i % 5}`],
        ['instance', `host-${i % 20}:8080`],
        ['route', `/api/route/${Math.floor(i / 100) % 50}`],
        ['method', ['GET', 'POST', 'PUT', 'DELETE'][i % 4] as string],
        ['le', String(i % 12)],
        ['n', String(i)],
      ]),
    );
  }
  return out;
}

/** Batches of BATCH samples; counters that grow, so values compress as real ones do. */
function buildBatches(scenario: Scenario, samples: number): SampleBatch[] {
  const labels = seriesLabels(scenario.seriesCount);
  const batches: SampleBatch[] = [];
  let step = 0;
  for (let written = 0; written < samples; written += BATCH) {
    const builder = new SampleBatchBuilder(BATCH);
    for (let s = 0; s < scenario.seriesCount; s++) {
      for (let p = 0; p < scenario.pointsPerSeries; p++) {
        const t = START_MS + (step + p) * 15_000;
        builder.add(labels[s] as Labels, t, (step + p) * ((s % 7) + 1) + (s % 3) * 0.25);
      }
    }
    // One batch per scrape: merge each series' points into one entry would be equivalent.
    batches.push(builder.build());
    step += scenario.pointsPerSeries;
  }
  return batches;
}

interface Measurement {
  samplesPerSecond: number;
  bytesPerSample: number;
  batchMs: number[];
}

async function measure(scenario: Scenario): Promise<Measurement> {
  const batches = buildBatches(scenario, totalSamples);
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-samples-'));
  const store = await openTelemetryStore({ dataDir });
  try {
    const batchMs: number[] = [];
    let samples = 0;
    const started = performance.now();
    for (const batch of batches) {
      const t0 = performance.now();
      await store.writeSamples(batch);
      batchMs.push(performance.now() - t0);
      samples += batch.values.length;
    }
    const seconds = (performance.now() - started) / 1000;
    await store.reader.run('CHECKPOINT');
    const bytes = readdirSync(dataDir)
      .filter((name) => name.startsWith(DATABASE_FILE))
      .reduce((sum, name) => sum + statSync(join(dataDir, name)).size, 0);
    return { samplesPerSecond: samples / seconds, bytesPerSample: bytes / samples, batchMs };
  } finally {
    store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

async function main(): Promise<void> {
  console.log(
    `${totalSamples} samples per run in batches of ${BATCH}, ${rounds} rounds, ${cpus().length} cores`,
  );
  const results = new Map<string, Measurement[]>();
  for (let round = 0; round < rounds; round++) {
    // Alternating scenarios spreads the machine's noise over both.
    for (const scenario of round % 2 === 0 ? SCENARIOS : [...SCENARIOS].reverse()) {
      const result = await measure(scenario);
      console.log(
        `round ${round + 1} ${scenario.name}: ${Math.round(result.samplesPerSecond)} samples/s`,
      );
      results.set(scenario.name, [...(results.get(scenario.name) ?? []), result]);
    }
  }
  const rows = SCENARIOS.map((scenario) => {
    const runs = results.get(scenario.name) ?? [];
    return [
      scenario.name,
      String(Math.round(median(runs.map((r) => r.samplesPerSecond)))),
      median(runs.map((r) => r.bytesPerSample)).toFixed(2),
      median(runs.flatMap((r) => r.batchMs)).toFixed(1),
      '>= 500000',
    ];
  });
  console.log(
    `\n${textTable(
      ['scenario', 'samples/s (median)', 'bytes/sample', 'batch ms (median)', 'target'],
      rows,
      [0],
    )}\n`,
  );
  const scrape = results.get(SCENARIOS[0]?.name ?? '') ?? [];
  console.log(
    JSON.stringify({
      samples_per_s: Math.round(median(scrape.map((r) => r.samplesPerSecond))),
      bytes_per_sample: Number(median(scrape.map((r) => r.bytesPerSample)).toFixed(2)),
    }),
  );
}

void main();
