/**
 * bench:promql's native-histogram data: per route, request durations drawn as the data set's
 * classic histogram draws them (openmetrics-dataset.ts: an exponential distribution with a
 * per-route mean of 20-320 ms, 5-44 requests a step), recorded twice from the same observations
 * and sent over OTLP/JSON: as an exponential histogram (scale 3, as an SDK settles at for this
 * range within its 160 buckets: a native histogram) and as an explicit-bucket histogram with the
 * data set's bounds (classic `_bucket` series). Both cumulative, a point per step.
 */
import { DATASET_BUCKETS, seededRandom } from '@otel-lab/testkit';

export const NATIVE_METRIC = 'bench_native_latency_seconds';
export const CLASSIC_METRIC = 'bench_classic_latency_seconds';
const SCALE = 3;

export interface NativeDataOptions {
  startMs: number;
  points: number;
  stepMs: number;
  routes: number;
  seed?: number;
}

/** One route's running totals, as an SDK's cumulative aggregations hold them. */
class RouteLatency {
  readonly exponential = new Map<number, number>();
  readonly classic = new Array<number>(DATASET_BUCKETS.length + 1).fill(0);
  count = 0;
  sum = 0;

  observe(drawn: number): void {
    // A draw of exactly 0 (random() gave 0) would have no bucket index: a microsecond instead.
    const seconds = Math.max(drawn, 1e-6);
    this.count += 1;
    this.sum += seconds;
    // OTLP bucket i holds (base^i, base^(i+1)], base = 2^(2^-scale).
    const index = Math.ceil(Math.log2(seconds) * 2 ** SCALE) - 1;
    this.exponential.set(index, (this.exponential.get(index) ?? 0) + 1);
    const bucket = DATASET_BUCKETS.findIndex((bound) => seconds <= bound);
    const at = bucket === -1 ? DATASET_BUCKETS.length : bucket;
    this.classic[at] = (this.classic[at] as number) + 1;
  }

  exponentialPoint(base: object) {
    const indices = [...this.exponential.keys()];
    const offset = Math.min(...indices);
    const counts = new Array<string>(Math.max(...indices) - offset + 1).fill('0');
    for (const [index, count] of this.exponential) counts[index - offset] = String(count);
    return {
      ...base,
      count: String(this.count),
      sum: this.sum,
      scale: SCALE,
      zeroCount: '0',
      positive: { offset, bucketCounts: counts },
    };
  }

  classicPoint(base: object) {
    return {
      ...base,
      count: String(this.count),
      sum: this.sum,
      explicitBounds: DATASET_BUCKETS,
      bucketCounts: this.classic.map(String),
    };
  }
}

function request(exponential: object[], classic: object[]): string {
  const metric = (name: string) => ({ name, unit: 's', description: 'Request duration.' });
  return JSON.stringify({
    resourceMetrics: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'bench' } }] },
        scopeMetrics: [
          {
            metrics: [
              {
                ...metric('bench.native.latency'),
                exponentialHistogram: { aggregationTemporality: 2, dataPoints: exponential },
              },
              {
                ...metric('bench.classic.latency'),
                histogram: { aggregationTemporality: 2, dataPoints: classic },
              },
            ],
          },
        ],
      },
    ],
  });
}

/** OTLP/JSON bodies of `routesPerRequest` routes' points each (a few MB). */
export function* latencyRequests(
  options: NativeDataOptions,
  routesPerRequest = 4,
): Generator<string> {
  const random = seededRandom(options.seed ?? 7);
  for (let first = 0; first < options.routes; first += routesPerRequest) {
    const exponential: object[] = [];
    const classic: object[] = [];
    for (let r = first; r < Math.min(options.routes, first + routesPerRequest); r++) {
      const route = new RouteLatency();
      const mean = 0.02 + random() * 0.3;
      const attributes = [{ key: 'route', value: { stringValue: `/api/r${r}` } }];
      for (let i = 0; i < options.points; i++) {
        const requests = 5 + Math.floor(random() * 40);
        for (let n = 0; n < requests; n++) route.observe(mean * -Math.log(1 - random()));
        const timeUnixNano = String(BigInt(options.startMs + i * options.stepMs) * 1_000_000n);
        const startTimeUnixNano = String(BigInt(options.startMs) * 1_000_000n);
        const base = { timeUnixNano, startTimeUnixNano, attributes };
        exponential.push(route.exponentialPoint(base));
        classic.push(route.classicPoint(base));
      }
    }
    yield request(exponential, classic);
  }
}

/** The two queries compared, over the same observations. */
export const NATIVE_VS_CLASSIC = {
  native: `histogram_quantile(0.95, sum by (route) (rate(${NATIVE_METRIC}[5m])))`,
  classic: `histogram_quantile(0.95, sum by (route, le) (rate(${CLASSIC_METRIC}_bucket[5m])))`,
};
