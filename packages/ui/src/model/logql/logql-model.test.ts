import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Tree } from '@lezer/common';
import { DEFAULT_LOGS } from '../logs/logs-state.js';
import { logqlCompletion } from './completion-context.js';
import { logqlFromFilters } from './from-filters.js';
import { levelClass, logEntries } from './log-entries.js';
import { queryShape as shapeOf, volumeQuery as volumeOf, volumeStep } from './query-kind.js';
import {
  DEFAULT_LOGQL,
  decodeLogqlState,
  isLogqlMode,
  logqlPath,
  queryWindow,
} from './url-state.js';
import { volumeLevels, volumeTotal, volumeWindow } from './volume.js';

const { parser } =
  require('@grafana/lezer-logql') as typeof import('@grafana/lezer-logql', { with: {
    'resolution-mode': 'import',
  }});
// The package's ES module types its tree with @lezer/common's ES types; the same class at run time.
const queryShape = (text: string) => shapeOf(text, parser.parse(text) as unknown as Tree);
const volumeQuery = (text: string, step: number) => volumeOf(text, queryShape(text), step);

describe('LogQL URL state', () => {
  const rows = [
    { url: 'mode=logql', state: DEFAULT_LOGQL },
    {
      url: 'mode=logql&query=%7Bservice_name%3D%22a%22%7D+%7C%3D+%22x+y%22&range=15m&end=2026-12-07T02%3A00%3A05Z',
      state: {
        query: '{service_name="a"} |= "x y"',
        range: '15m',
        end: Date.UTC(2026, 11, 7, 2, 0, 5) / 1000,
      },
    },
    { url: 'mode=logql&range=7m30s', state: { ...DEFAULT_LOGQL, range: '7m30s' } },
  ];
  for (const row of rows) {
    test(row.url, () => {
      const params = new URLSearchParams(row.url);
      assert.ok(isLogqlMode(params));
      assert.deepEqual(decodeLogqlState(params), row.state);
      assert.equal(logqlPath(row.state), `/logs?${row.url}`);
    });
  }
  test('the window ends after now, or at the end chosen', () => {
    const now = 1_765_000_000_999; // ms: a line at …000.9 s is inside
    assert.deepEqual(queryWindow({ ...DEFAULT_LOGQL, range: '5m' }, now), {
      start: 1_765_000_001 - 300,
      end: 1_765_000_001,
      step: 1,
    });
    assert.deepEqual(queryWindow({ query: '', range: '1h', end: 1_700_000_000 }, now), {
      start: 1_700_000_000 - 3600,
      end: 1_700_000_000,
      step: 14,
    });
  });
  test('a bad range or end falls back to the defaults', () => {
    const state = decodeLogqlState(new URLSearchParams('mode=logql&range=forever&end=yesterday'));
    assert.deepEqual(state, DEFAULT_LOGQL);
    assert.equal(isLogqlMode(new URLSearchParams('service=x')), false);
  });
});

describe('LogQL query shape and the volume query', () => {
  const rows = [
    {
      query: '{service_name="demo-app"} |= "order"',
      kind: 'log',
      volume:
        'sum by (detected_level) (count_over_time({service_name="demo-app"} |= "order"[60s]))',
    },
    {
      query: ' {a="b"} | json | level="x" ',
      kind: 'log',
      volume:
        'sum by (detected_level) (count_over_time({a="b"} | json | level="x" | drop __error__[60s]))',
    },
    {
      query: '{a="b"} | logfmt # why',
      kind: 'log',
      volume:
        'sum by (detected_level) (count_over_time({a="b"} | logfmt # why | drop __error__\n[60s]))',
    },
    { query: 'sum by (x) (rate({a="b"}[1m]))', kind: 'metric' },
    { query: 'vector(1) + vector(1)', kind: 'metric' },
    { query: '{a="b"', kind: 'invalid' },
    { query: '   ', kind: 'invalid' },
  ] as const;
  for (const row of rows) {
    test(row.query, () => {
      assert.equal(queryShape(row.query).kind, row.kind);
      if ('volume' in row) {
        assert.equal(volumeQuery(row.query, 60), row.volume);
        assert.equal(queryShape(volumeQuery(row.query, 60)).kind, 'metric');
      }
    });
  }
  test('the volume step keeps at most 120 whole-unit bars', () => {
    const steps = [
      [300, 5],
      [3600, 30],
      [6 * 3600, 300],
      [86_400, 900],
      [31 * 86_400, 43_200],
      [60, 1],
    ];
    for (const [range, step] of steps) assert.equal(volumeStep(range as number), step, `${range}`);
  });
});

describe('LogQL completion context', () => {
  // `|` marks the cursor.
  const rows: [string, ReturnType<typeof logqlCompletion>][] = [
    ['{|', { kind: 'label-name', from: 1 }],
    ['{serv|', { kind: 'label-name', from: 1 }],
    ['{a="b", |', { kind: 'label-name', from: 8 }],
    ['{service_name="|', { kind: 'label-value', label: 'service_name', from: 15, quoted: true }],
    ['{service_name=~"de|', { kind: 'label-value', label: 'service_name', from: 16, quoted: true }],
    ['{a="x", job!=|', { kind: 'label-value', label: 'job', from: 13, quoted: false }],
    ['{a="}, |', { kind: 'label-value', label: 'a', from: 4, quoted: true }],
    ['{a="b"} | |', { kind: 'pipeline', from: 10 }],
    ['{a="b"} |= "x" | js|', { kind: 'pipeline', from: 17 }],
    ['{a="b"} |= "|', null],
    ['{a="b"} # {|', null],
    ['|', { kind: 'function', from: 0 }],
    ['cou|', { kind: 'function', from: 0 }],
    ['sum(|', { kind: 'function', from: 4 }],
    ['sum by (|', { kind: 'grouping', from: 8 }],
    ['sum without (a, de|', { kind: 'grouping', from: 16 }],
    ['rate({a="b"}[1m]) / |', { kind: 'function', from: 20 }],
    ['{a="b"} |= "x" | |', { kind: 'pipeline', from: 17 }],
    ['{a="b"} |= "x" or |', null],
  ];
  for (const [marked, expected] of rows) {
    test(marked, () => {
      const pos = marked.indexOf('|', marked.length - 1);
      const text = marked.slice(0, pos);
      assert.deepEqual(logqlCompletion(text, pos), expected);
    });
  }
});

describe('filters to LogQL', () => {
  const rows = [
    { state: DEFAULT_LOGS, query: '{service_name=~".+"}' },
    {
      state: {
        ...DEFAULT_LOGS,
        service: 'demo-app',
        text: 'order (1)',
        minSeverity: 'WARN',
        traceId: 'ABC',
        attrs: [['http.route', 'say "hi"']] as [string, string][],
      },
      query:
        '{service_name="demo-app"} |~ "(?i)order \\\\(1\\\\)" | detected_level=~"warn|error|fatal|critical" | trace_id="abc" | http_route="say \\"hi\\""',
    },
  ];
  for (const row of rows) {
    test(row.query, () => {
      assert.equal(logqlFromFilters(row.state), row.query);
      assert.equal(queryShape(row.query).kind, 'log');
    });
  }
});

describe('log entries of a streams answer', () => {
  test('newest first across streams, labels by kind, level and trace link', () => {
    const entries = logEntries([
      {
        stream: { service_name: 'a' },
        values: [
          ['300', 'third', { structuredMetadata: { detected_level: 'error', trace_id: 'ab12' } }],
          ['100', 'first', {}],
        ],
      },
      {
        stream: { service_name: 'b' },
        values: [
          [
            '200',
            'second',
            {
              structuredMetadata: { trace_id: '00', span_id: 'cd' },
              parsed: { detected_level: 'warn', trace_id: 'ef', span_id: '01' },
            },
          ],
        ],
      },
    ]);
    assert.deepEqual(
      entries.map((e) => [e.line, e.level, e.trace, e.stream.service_name]),
      [
        ['third', 'error', '/trace/ab12', 'a'],
        ['second', 'warn', '/trace/ef?span=01', 'b'],
        ['first', 'unknown', null, 'a'],
      ],
    );
    assert.equal(new Set(entries.map((e) => e.key)).size, 3);
  });
  test('levels map to the filter mode colours', () => {
    const rows = [
      ['info', 'sev-info'],
      ['WARNING', 'sev-warn'],
      ['critical', 'sev-fatal'],
      ['unknown', 'sev-unset'],
      ['__proto__', 'sev-unset'],
    ];
    for (const [level, css] of rows) assert.equal(levelClass(level as string), css);
  });
});

describe('log volume', () => {
  test('levels in stacking order on the step grid, most severe first', () => {
    const volume = volumeLevels(
      [
        {
          metric: { detected_level: 'info' },
          values: [
            [60, '3'],
            [120, '1'],
          ],
        },
        { metric: { detected_level: 'custom' }, values: [[180, '2']] },
        { metric: { detected_level: 'error' }, values: [[120, '4']] },
        { metric: {}, values: [[60, '1']] },
      ],
      60,
      180,
      60,
    );
    assert.deepEqual(volume.xs, [60, 120, 180]);
    assert.deepEqual(
      volume.levels.map((l) => [l.level, l.color, l.counts]),
      [
        ['error', '#e24d42', [null, 4, null]],
        ['info', '#7eb26d', [3, 1, null]],
        ['custom', '#8e8e8e', [null, null, 2]],
        ['unknown', '#8e8e8e', [1, null, null]],
      ],
    );
    assert.equal(volumeTotal(volume), 11);
  });
  test('the window widens to whole steps', () => {
    assert.deepEqual(volumeWindow(1000, 4601, 30), { start: 990, end: 4620, step: 30 });
    assert.deepEqual(volumeWindow(900, 1800, 300), { start: 900, end: 1800, step: 300 });
  });
});
