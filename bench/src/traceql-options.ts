/** bench:traceql's command line: its usage text and the options read from it. */
import { parseArgs } from 'node:util';
import { QUERIES, SEARCH_LIMIT } from './traceql-queries.js';

export const BATCH_SIZE = 512;

export const USAGE = `usage: npm run bench:traceql -- [options]

Runs the backend as its own process (free loopback ports, a temporary data directory), fills it
with bench:ingest's generated traces (OTLP/HTTP protobuf batches of ${BATCH_SIZE} spans, ~5 spans per
trace across frontend, checkout and payment, started within the last 2 h), then times TraceQL:
${QUERIES.map((query) => `  ${query.api === 'search' ? `/api/search (last ${query.windowSeconds / 3600} h, limit ${SEARCH_LIMIT})` : `/api/metrics/query_range (last ${query.windowSeconds / 3600} h)`}: ${query.q}`).join('\n')}
Every query must answer 200 with at least one trace or series, or the benchmark fails.

options:
  --spans N         spans to send, rounded up to whole batches (default 1000000)
  --concurrency N   requests in flight while sending (default 4)
  --runs N          measured runs of each query, after 3 unmeasured (default 20)
  --seed N          data generator seed (default 1)
  -h, --help        this text

The last line is JSON: {"filter_p95_ms","duration_p95_ms","structural_p95_ms","pipeline_p95_ms",
"metrics_p95_ms"}.
`;

export interface TraceqlBenchOptions {
  spans: number;
  concurrency: number;
  runs: number;
  seed: number;
}

export class UsageError extends Error {}

/** The options of `argv`, or 'help'; a UsageError says which option is wrong and why. */
export function readTraceqlOptions(argv: string[]): TraceqlBenchOptions | 'help' {
  let values: {
    spans: string;
    concurrency: string;
    runs: string;
    seed: string;
    help: boolean;
  };
  try {
    values = parseArgs({
      args: argv,
      options: {
        spans: { type: 'string', default: '1000000' },
        concurrency: { type: 'string', default: '4' },
        runs: { type: 'string', default: '20' },
        seed: { type: 'string', default: '1' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return 'help';
  const integer = (name: string, raw: string, min: number, max: number) => {
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isInteger(value) || value < min || value > max) {
      throw new UsageError(`--${name} ${raw}: expected an integer from ${min} to ${max}`);
    }
    return value;
  };
  return {
    spans: integer('spans', values.spans, BATCH_SIZE, 20_000_000),
    concurrency: integer('concurrency', values.concurrency, 1, 64),
    runs: integer('runs', values.runs, 1, 1000),
    seed: integer('seed', values.seed, 0, 2 ** 31),
  };
}
