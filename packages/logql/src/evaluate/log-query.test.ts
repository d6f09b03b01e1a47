import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { labelsFromRecord } from '@otel-lab/promql';
import type { LogExpr } from '../ast';
import { MemoryLogStorage } from '../memory-storage';
import { parseExpr } from '../parse/parser';
import type { LogEntry, LogSelection, LogStorage } from '../storage';
import { categorizedStreams, evaluateLogQuery } from './log-query';

function entries(n: number): LogEntry[] {
  return Array.from({ length: n }, (_, i) => ({
    timestampNs: BigInt(i + 1) * 1_000_000_000n,
    line: `level=${i % 2 === 0 ? 'info' : 'error'} n=${i}`,
    labels: labelsFromRecord({ app: i % 3 === 0 ? 'a' : 'b' }),
    metadata: labelsFromRecord({ trace_id: `t${i}` }),
  }));
}

/** A MemoryLogStorage that records what was asked and how many entries were handed out. */
class Recording implements LogStorage {
  readonly inner = new MemoryLogStorage();
  selections: LogSelection[] = [];
  handedOut = 0;
  async *select(selection: LogSelection) {
    this.selections.push(selection);
    for await (const batch of this.inner.select(selection)) {
      for (const e of batch) {
        this.handedOut++;
        yield [e];
      }
    }
  }
  labelNames = this.inner.labelNames.bind(this.inner);
  labelValues = this.inner.labelValues.bind(this.inner);
  series = this.inner.series.bind(this.inner);
}

const window = { startNs: 0n, endNs: 1_000_000_000_000n };

describe('evaluateLogQuery', () => {
  test('passes matchers, range, direction and leading line filters down, and stops at the limit', async () => {
    const storage = new Recording();
    storage.inner.add(...entries(100));
    const expr = parseExpr(
      '{app="b"} |= "error" | logfmt | n > 10 | line_format "{{.n}}"',
    ) as LogExpr;
    const result = await evaluateLogQuery(expr, storage, {
      ...window,
      limit: 3,
      direction: 'forward',
    });
    const selection = storage.selections[0];
    assert.deepEqual(selection?.matchers, [{ name: 'app', type: '=', value: 'b' }]);
    assert.deepEqual(selection?.lineFilters, [{ op: '|=', values: ['error'] }]);
    assert.equal(selection?.direction, 'forward');
    const lines = result.streams.flatMap((s) => s.entries.map((e) => e.line));
    // app=b is i % 3 != 0; error is odd i; n > 10: 11, 13, 17 (15 is app=a).
    assert.deepEqual(lines.sort(), ['11', '13', '17']);
    // The first 17 indexes hold 6 odd app=b entries (1, 5, 7, 11, 13, 17): no more were read.
    assert.equal(storage.handedOut, 6);
  });

  test('backward returns the newest entries, each stream newest first', async () => {
    const storage = new MemoryLogStorage();
    storage.add(...entries(10));
    const expr = parseExpr('{app=~"a|b"} | logfmt | keep app') as LogExpr;
    const result = await evaluateLogQuery(expr, storage, {
      ...window,
      limit: 4,
      direction: 'backward',
    });
    const byApp = Object.fromEntries(
      result.streams.map((s) => [
        s.labels[0]?.value,
        s.entries.map((e) => Number(e.timestampNs / 1_000_000_000n)),
      ]),
    );
    assert.deepEqual(byApp, { a: [10, 7], b: [9, 8] });
  });

  test('the categorized form groups by index labels and keeps metadata per entry', async () => {
    const storage = new MemoryLogStorage();
    storage.add(...entries(4));
    const expr = parseExpr('{app="b"}') as LogExpr;
    const result = await evaluateLogQuery(expr, storage, {
      ...window,
      limit: 10,
      direction: 'forward',
    });
    assert.equal(result.streams.length, 2, 'plain form: trace_id makes each entry its own stream');
    const streams = categorizedStreams(result, 'forward');
    assert.equal(streams.length, 1);
    assert.deepEqual(
      streams[0]?.entries.map((e) => e.labels.metadata),
      [[{ name: 'trace_id', value: 't1' }], [{ name: 'trace_id', value: 't2' }]],
    );
  });

  test('the range is start-inclusive, end-exclusive', async () => {
    const storage = new MemoryLogStorage();
    storage.add(...entries(10));
    const expr = parseExpr('{app=~".+"}') as LogExpr;
    const result = await evaluateLogQuery(expr, storage, {
      startNs: 3_000_000_000n,
      endNs: 6_000_000_000n,
      limit: 100,
      direction: 'forward',
    });
    const times = result.streams.flatMap((s) => s.entries.map((e) => e.timestampNs)).sort();
    assert.deepEqual(times, [3_000_000_000n, 4_000_000_000n, 5_000_000_000n]);
  });

  test('interval keeps entries at least that far from the last one kept, over all streams', async () => {
    // Entries every second (1 s .. 10 s) across streams a and b.
    const storage = new MemoryLogStorage();
    storage.add(...entries(10));
    const expr = parseExpr('{app=~".+"}') as LogExpr;
    const cases: { direction: 'forward' | 'backward'; intervalNs: bigint; seconds: number[] }[] = [
      { direction: 'forward', intervalNs: 0n, seconds: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] },
      // 1, then the first at >= 1 + 3 (4), then >= 7 (7), then >= 10 (10).
      { direction: 'forward', intervalNs: 3_000_000_000n, seconds: [1, 4, 7, 10] },
      { direction: 'forward', intervalNs: 2_500_000_000n, seconds: [1, 4, 7, 10] },
      // Backward from 10: 10, <= 6 (6), <= 2 (2).
      { direction: 'backward', intervalNs: 4_000_000_000n, seconds: [10, 6, 2] },
    ];
    for (const c of cases) {
      const result = await evaluateLogQuery(expr, storage, {
        ...window,
        limit: 100,
        direction: c.direction,
        intervalNs: c.intervalNs,
      });
      const seconds = result.streams
        .flatMap((s) => s.entries.map((e) => Number(e.timestampNs / 1_000_000_000n)))
        .sort((a, b) => (c.direction === 'forward' ? a - b : b - a));
      assert.deepEqual(seconds, c.seconds, `${c.direction} ${c.intervalNs}`);
    }
  });

  test('an aborted signal stops the query', async () => {
    const storage = new MemoryLogStorage();
    storage.add(...entries(1000));
    const controller = new AbortController();
    controller.abort(new Error('query timed out'));
    const expr = parseExpr('{app=~".+"}') as LogExpr;
    await assert.rejects(
      evaluateLogQuery(expr, storage, {
        ...window,
        limit: 5000,
        direction: 'forward',
        signal: controller.signal,
      }),
      /query timed out/,
    );
  });

  test('a limit below 1 is refused', async () => {
    const expr = parseExpr('{app="a"}') as LogExpr;
    await assert.rejects(
      evaluateLogQuery(expr, new MemoryLogStorage(), { ...window, limit: 0, direction: 'forward' }),
      RangeError,
    );
  });
});
