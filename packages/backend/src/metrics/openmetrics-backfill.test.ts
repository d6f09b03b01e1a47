import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ExpositionParseError } from './exposition.js';
import { openMetricsBackfill } from './openmetrics-backfill.js';
import type { SampleBatch } from './sample.js';

/** Every point of every batch as `labels@ms=value`, in order. */
function points(batches: SampleBatch[]): string[] {
  return batches.flatMap((batch) =>
    batch.series.flatMap((series) =>
      Array.from({ length: series.count }, (_, i) => {
        const at = series.first + i;
        return `${JSON.stringify(series.labels)}@${batch.timestampsMs[at]}=${batch.values[at]}`;
      }),
    ),
  );
}

const FILE = `# HELP app_requests_total Requests.
# TYPE app_requests_total counter
app_requests_total{route="/a"} 1 1700000000
app_requests_total{route="/b"} 5 1700000000
app_requests_total{route="/a"} 2 1700000015.5
# TYPE temperature_celsius gauge
# UNIT temperature_celsius celsius
temperature_celsius 21.5 1700000000
temperature_celsius 22 1700000015
# EOF
`;

test('OpenMetrics with timestamps becomes series in time order, with their metadata', () => {
  const batches = [...openMetricsBackfill(FILE)];
  assert.equal(batches.length, 1);
  assert.deepEqual(points(batches), [
    '{"__name__":"app_requests_total","route":"/a"}@1700000000000=1',
    '{"__name__":"app_requests_total","route":"/a"}@1700000015500=2',
    '{"__name__":"app_requests_total","route":"/b"}@1700000000000=5',
    '{"__name__":"temperature_celsius"}@1700000000000=21.5',
    '{"__name__":"temperature_celsius"}@1700000015000=22',
  ]);
  assert.deepEqual(
    batches[0]?.metadata.map((m) => [m.metric, m.type]),
    [
      ['app_requests_total', 'counter'],
      ['temperature_celsius', 'gauge'],
    ],
  );
});

test('small batches split inside a family keep its type and lose no point', () => {
  const whole = points([...openMetricsBackfill(FILE)]).sort();
  const pieces = [...openMetricsBackfill(FILE, 2)];
  assert.ok(pieces.length >= 3);
  assert.deepEqual(points(pieces).sort(), whole);
  assert.ok(pieces.every((batch) => batch.series.every((s) => s.count <= 2)));
});

test('bad input names the line of the whole file', () => {
  assert.throws(
    () => [...openMetricsBackfill(FILE.replace('# EOF\n', ''))],
    /must end with "# EOF"/,
  );
  const noTimestamp = FILE.replace('temperature_celsius 22 1700000015', 'temperature_celsius 22');
  assert.throws(
    () => [...openMetricsBackfill(noTimestamp)],
    (error: unknown) =>
      error instanceof ExpositionParseError &&
      error.line === 9 &&
      /needs a timestamp/.test(error.message),
  );
  const broken = FILE.replace(
    'app_requests_total{route="/b"} 5',
    'app_requests_total{route="/b" 5',
  );
  assert.throws(
    () => [...openMetricsBackfill(broken)],
    (error: unknown) => error instanceof ExpositionParseError && error.line === 4,
  );
});
