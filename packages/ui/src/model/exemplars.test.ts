import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type ExemplarSet,
  exemplarTraceId,
  MAX_MARKERS,
  placeExemplars,
  rangeWithExemplars,
  topExemplars,
  traceExemplars,
} from './exemplars.js';

const TRACE_A = 'a'.repeat(32);
const TRACE_B = 'b'.repeat(32);

/** A 100 × 50 pixel area over x 0..100 s and y 0..10, y growing upwards as on a graph. */
const AREA = {
  width: 100,
  height: 50,
  left: (t: number) => t,
  top: (v: number) => 50 - v * 5,
};

function set(exemplars: [labels: Record<string, string>, value: string, t: number][]): ExemplarSet {
  return {
    seriesLabels: { __name__: 'latency_bucket', le: '0.5' },
    exemplars: exemplars.map(([labels, value, timestamp]) => ({ labels, value, timestamp })),
  };
}

describe('exemplars', () => {
  it('finds the trace id under the names SDKs and the Collector write', () => {
    assert.equal(exemplarTraceId({ trace_id: TRACE_A }), TRACE_A);
    assert.equal(exemplarTraceId({ traceID: TRACE_A }), TRACE_A);
    assert.equal(exemplarTraceId({ traceId: TRACE_A }), TRACE_A);
    assert.equal(exemplarTraceId({ span_id: '1' }), undefined);
    assert.equal(exemplarTraceId(undefined), undefined);
  });

  it('places exemplars with a trace inside the area, oldest first, across series', () => {
    const markers = placeExemplars(
      [
        set([
          [{ trace_id: TRACE_B }, '2', 60],
          [{ span_id: '1' }, '3', 10], // no trace: nothing to open
          [{ trace_id: TRACE_A }, 'NaN', 20], // no position
        ]),
        set([[{ trace_id: TRACE_A }, '4', 30]]),
      ],
      AREA,
    );
    const series = { __name__: 'latency_bucket', le: '0.5' };
    assert.deepEqual(markers, [
      { traceId: TRACE_A, value: 4, timestamp: 30, left: 30, top: 30, series },
      { traceId: TRACE_B, value: 2, timestamp: 60, left: 60, top: 40, series },
    ]);
  });

  it('drops exemplars outside the plotting area', () => {
    const markers = placeExemplars(
      [
        set([
          [{ trace_id: TRACE_A }, '1', 150], // after the x range
          [{ trace_id: TRACE_A }, '20', 50], // above the y range
          [{ trace_id: TRACE_A }, '-1', 50], // below it
          [{ trace_id: TRACE_B }, '10', 100], // the top right corner is inside
        ]),
      ],
      AREA,
    );
    assert.deepEqual(
      markers.map((m) => [m.traceId, m.left, m.top]),
      [[TRACE_B, 100, 0]],
    );
  });

  it('draws one dot where several would cover each other, the newest', () => {
    const markers = placeExemplars(
      [
        set([
          [{ trace_id: TRACE_A }, '2', 10],
          [{ trace_id: TRACE_B }, '2.1', 11], // half a pixel down, a pixel right: covered
          [{ trace_id: TRACE_A }, '8', 10.5], // 30 pixels up: an outlier of its own
        ]),
      ],
      AREA,
    );
    assert.deepEqual(
      markers.map((m) => [m.traceId, m.timestamp]),
      [
        [TRACE_A, 10.5],
        [TRACE_B, 11],
      ],
    );
  });

  it(`keeps an even spread over time when more than ${MAX_MARKERS} stand apart`, () => {
    // Every exemplar in a cell of its own: one per 10 pixels across a 20,000 pixel area.
    const wide = { ...AREA, width: 20_000 };
    const count = MAX_MARKERS * 2;
    const many = Array.from(
      { length: count },
      (_, i) => [{ trace_id: TRACE_A }, '1', i * 5] as [Record<string, string>, string, number],
    );
    const markers = placeExemplars([set(many)], { ...wide, left: (t) => t * 2 });
    assert.equal(markers.length, MAX_MARKERS);
    assert.equal(markers[0]?.timestamp, 0);
    assert.equal(markers[1]?.timestamp, 10);
    assert.equal(markers.at(-1)?.timestamp, (count - 2) * 5);
  });

  it('lists the highest values first, the newest first among equals', () => {
    const top = topExemplars(
      traceExemplars([
        set([
          [{ trace_id: TRACE_A }, '0.2', 1],
          [{ trace_id: TRACE_B }, '0.9', 2],
          [{}, '5', 3], // no trace: not listed
        ]),
        set([
          [{ trace_id: TRACE_A }, '0.9', 4],
          [{ trace_id: TRACE_B }, '0.1', 5],
        ]),
      ]),
      3,
    );
    assert.deepEqual(
      top.map((e) => [e.value, e.timestamp]),
      [
        [0.9, 4],
        [0.9, 2],
        [0.2, 1],
      ],
    );
  });

  it('stretches the y range to hold every exemplar', () => {
    const sets = [
      set([[{ trace_id: TRACE_A }, '0.9', 1]]),
      set([[{ trace_id: TRACE_B }, '0.05', 2]]),
    ];
    assert.deepEqual(rangeWithExemplars(0.1, 0.5, sets), [0.05, 0.9]);
    assert.deepEqual(rangeWithExemplars(0, 1, sets), [0, 1]);
    // No series values (every series hidden): the exemplars alone.
    assert.deepEqual(rangeWithExemplars(null, null, sets), [0.05, 0.9]);
    assert.equal(rangeWithExemplars(null, null, []), null);
    // Exemplars without a trace are not drawn, so they do not move the axis.
    assert.deepEqual(rangeWithExemplars(1, 2, [set([[{}, '100', 1]])]), [1, 2]);
  });
});
