// A small log store for the metric tests, every expected value derived by hand from it. Times are
// seconds after T0, a whole minute, so the steps of range queries are aligned already.
import { labelsFromRecord, labelsToRecord } from '@otel-lab/promql';
import type { MetricExpr } from '../ast';
import { MemoryLogStorage } from '../memory-storage';
import { parseExpr } from '../parse/parser';
import type { LogSelection, LogStorage } from '../storage';

export const T0 = 1_699_999_980_000_000_000n;
export const T0_MS = 1_699_999_980_000;

export function at(seconds: number): bigint {
  return T0 + BigInt(seconds) * 1_000_000_000n;
}

/**
 * app=a (env=prod): 10s info 200 100ms n=1 | 20s error 500 250ms n=4 | 30s info 200 50ms n=2 |
 *   60s info 404 1s n=x (not a number)
 * app=b: 15s info 200 20ms n=3 | 60s error 503 2s n=5
 * app=c: 10s n=1 | 20s n=4 | 30s n=2 (a counter that resets)
 * app=d: 5s size=1KB, 6s size=2KiB, 7s size=3 (with trace_id t1, t1, t2 as structured metadata)
 */
export function sampleStore(): MemoryLogStorage {
  const store = new MemoryLogStorage();
  const add = (labels: Record<string, string>, s: number, line: string, meta = {}) =>
    store.add({
      timestampNs: at(s),
      line,
      labels: labelsFromRecord(labels),
      metadata: labelsFromRecord(meta),
    });
  const a = { app: 'a', env: 'prod' };
  add(a, 10, 'level=info status=200 dur=100ms n=1');
  add(a, 20, 'level=error status=500 dur=250ms n=4');
  add(a, 30, 'level=info status=200 dur=50ms n=2');
  add(a, 60, 'level=info status=404 dur=1s n=x');
  add({ app: 'b' }, 15, 'level=info status=200 dur=20ms n=3');
  add({ app: 'b' }, 60, 'level=error status=503 dur=2s n=5');
  add({ app: 'c' }, 10, 'n=1');
  add({ app: 'c' }, 20, 'n=4');
  add({ app: 'c' }, 30, 'n=2');
  add({ app: 'd' }, 5, 'size=1KB', { trace_id: 't1' });
  add({ app: 'd' }, 6, 'size=2KiB', { trace_id: 't1' });
  add({ app: 'd' }, 7, 'size=3', { trace_id: 't2' });
  return store;
}

export function metric(query: string): MetricExpr {
  const expr = parseExpr(query);
  if (expr.kind === 'log') throw new Error(`not a metric query: ${query}`);
  return expr;
}

/** Labels as a compact string for table expectations: `app=a,env=prod`. */
export function labelText(labels: readonly { name: string; value: string }[]): string {
  return Object.entries(labelsToRecord(labels))
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/** Records each selection and counts the entries handed out, one a batch. */
export class RecordingStorage implements LogStorage {
  readonly selections: LogSelection[] = [];
  handedOut = 0;
  constructor(readonly inner: LogStorage) {}
  async *select(selection: LogSelection) {
    this.selections.push(selection);
    // One entry a batch, so handedOut tells how far the engine read.
    for await (const batch of this.inner.select(selection)) {
      for (const entry of batch) {
        this.handedOut++;
        yield [entry];
      }
    }
  }
  labelNames = (...a: Parameters<LogStorage['labelNames']>) => this.inner.labelNames(...a);
  labelValues = (...a: Parameters<LogStorage['labelValues']>) => this.inner.labelValues(...a);
  series = (...a: Parameters<LogStorage['series']>) => this.inner.series(...a);
}
