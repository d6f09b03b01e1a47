import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type ExposedSample, ExpositionParseError, expositionFormatOf } from './exposition.js';
import { parseExposition } from './exposition-parser.js';

const text = (input: string) => parseExposition(input, { format: 'prometheus-text' });
const om = (input: string) => parseExposition(input, { format: 'openmetrics' });

/** A sample as a compact row for table comparisons. */
function row(s: ExposedSample) {
  return [s.name, s.labels, s.value, s.timestampMs] as const;
}

describe('Prometheus text 0.0.4', () => {
  const cases: [string, string, ReturnType<typeof row>[]][] = [
    ['a bare sample', 'up 1\n', [['up', [], 1, undefined]]],
    ['no final newline', 'up 1', [['up', [], 1, undefined]]],
    ['a timestamp in milliseconds', 'up 1 1700000000123\n', [['up', [], 1, 1700000000123]]],
    [
      'blanks before a line and blank-only lines',
      '  up 1\n \t\n\t# HELP up x\n',
      [['up', [], 1, undefined]],
    ],
    [
      'labels, spaces and a trailing comma',
      'http_requests_total{ method = "GET", code="200", } 1027 1395066363000\n',
      [['http_requests_total', ['method', 'GET', 'code', '200'], 1027, 1395066363000]],
    ],
    [
      'escapes in label values',
      'm{path="C:\\\\dir\\"x\\"\\nend",odd="\\t"} 1\n',
      [['m', ['path', 'C:\\dir"x"\nend', 'odd', '\\t'], 1, undefined]],
    ],
    [
      'special values',
      'a +Inf\nb -Inf\nc NaN\nd 1e-07\ne -0.5\nf Inf\n',
      [
        ['a', [], Number.POSITIVE_INFINITY, undefined],
        ['b', [], Number.NEGATIVE_INFINITY, undefined],
        ['c', [], Number.NaN, undefined],
        ['d', [], 1e-7, undefined],
        ['e', [], -0.5, undefined],
        ['f', [], Number.POSITIVE_INFINITY, undefined],
      ],
    ],
    [
      'colons in names and tabs',
      'job:rate5m\t{a="b"}\t2\n',
      [['job:rate5m', ['a', 'b'], 2, undefined]],
    ],
    ['comments and blank lines', '# just a comment\n\n#\nup 1\n\n', [['up', [], 1, undefined]]],
    [
      'CRLF line ends',
      'up 1\r\nx 2\r\n',
      [
        ['up', [], 1, undefined],
        ['x', [], 2, undefined],
      ],
    ],
    ['empty label set', 'up{} 1\n', [['up', [], 1, undefined]]],
  ];
  for (const [name, input, expected] of cases) {
    test(name, () => assert.deepEqual(text(input).samples.map(row), expected));
  }

  test('HELP and TYPE become metadata; HELP escapes \\\\ and \\n only', () => {
    const parsed = text(
      '# HELP rpc_seconds RPC latency\\nin \\"s\\" C:\\\\\n# TYPE rpc_seconds summary\n' +
        'rpc_seconds{quantile="0.5"} 1\n# TYPE other untyped\nother 2\n',
    );
    assert.deepEqual(parsed.metadata, [
      { metric: 'rpc_seconds', type: 'summary', help: 'RPC latency\nin \\"s\\" C:\\', unit: '' },
      { metric: 'other', type: 'unknown', help: '', unit: '' },
    ]);
  });

  test('histogram le and summary quantile values are normalised as Prometheus 3 does', () => {
    const parsed = text(
      '# TYPE h histogram\nh_bucket{le="1"} 1\nh_bucket{le="0.25"} 1\nh_bucket{le="1e6"} 1\n' +
        'h_bucket{le="+Inf"} 2\nh_sum 3\nh_count 2\n# TYPE s summary\ns{quantile="0"} 1\n' +
        '# TYPE g gauge\ng{le="1"} 1\n',
    );
    assert.deepEqual(
      parsed.samples.map((s) => s.labels[1]),
      ['1.0', '0.25', '1e+06', '+Inf', undefined, undefined, '0.0', '1'],
    );
  });

  const errors: [string, string, RegExp][] = [
    ['missing value', 'up\n', /line 1: expected a space and a value after "up"/],
    ['bad value', 'x 1\nup one\n', /line 2: invalid value "one"/],
    ['hex is not a Go float', 'up 0x10\n', /invalid value "0x10"/],
    ['fractional ms timestamp', 'up 1 1.5\n', /line 1: invalid timestamp "1.5"/],
    [
      'negative timestamp (digits only, as Prometheus lexes)',
      'up 1 -5\n',
      /invalid timestamp "-5"/,
    ],
    ['unterminated label value', 'up{a="b} 1\n', /unterminated value for label "a"/],
    ['missing equals', 'up{a"b"} 1\n', /expected "=" after label name "a"/],
    ['bad label name', 'up{1a="b"} 1\n', /expected a label name/],
    ['repeated label', 'up{a="1",a="2"} 1\n', /label "a" appears twice/],
    ['garbage after the timestamp', 'up 1 2 3\n', /unexpected "3" after the value/],
    ['unknown type', '# TYPE up thing\n', /unknown metric type "thing"/],
    ['a type named like an Object property', '# TYPE up constructor\n', /unknown metric type/],
    ['__proto__ as a type', '# TYPE up __proto__\n', /unknown metric type "__proto__"/],
    ['no exemplars in 0.0.4', 'up 1 # {a="b"} 1\n', /exemplars are only allowed in OpenMetrics/],
    ['a name cannot start with a digit', '1up 1\n', /expected a metric name/],
  ];
  for (const [name, input, message] of errors) {
    test(`error: ${name}`, () => {
      assert.throws(
        () => text(input),
        (error: unknown) => {
          assert.ok(error instanceof ExpositionParseError);
          assert.match(error.message, message);
          return true;
        },
      );
    });
  }
});

describe('OpenMetrics 1.0', () => {
  const exposition = [
    '# TYPE http_requests counter',
    '# UNIT http_requests_seconds seconds',
    '# HELP http_requests Requests \\"served\\"\\nso far.',
    'http_requests_total{code="200"} 1027 1700000000.5 # {trace_id="4bf92f3577b34da6a3ce929d0e0e4736",span_id="00f067aa0ba902b7"} 1.0 1700000000.25',
    'http_requests_created{code="200"} 1699999000',
    '# TYPE rpc_seconds histogram',
    'rpc_seconds_bucket{le="0.1"} 3 # {trace_id="abc"} 0.05',
    'rpc_seconds_bucket{le="+Inf"} 5',
    'rpc_seconds_sum 1.5',
    'rpc_seconds_count 5',
    '# TYPE build info',
    'build_info{version="1.2"} 1',
    '# EOF',
    '',
  ].join('\n');

  test('timestamps in seconds, exemplars, _total and _created, metadata with UNIT', () => {
    const parsed = om(exposition);
    assert.deepEqual(parsed.samples.map(row), [
      ['http_requests_total', ['code', '200'], 1027, 1700000000500],
      ['http_requests_created', ['code', '200'], 1699999000, undefined],
      ['rpc_seconds_bucket', ['le', '0.1'], 3, undefined],
      ['rpc_seconds_bucket', ['le', '+Inf'], 5, undefined],
      ['rpc_seconds_sum', [], 1.5, undefined],
      ['rpc_seconds_count', [], 5, undefined],
      ['build_info', ['version', '1.2'], 1, undefined],
    ]);
    assert.deepEqual(parsed.samples[0]?.exemplar, {
      labels: { span_id: '00f067aa0ba902b7', trace_id: '4bf92f3577b34da6a3ce929d0e0e4736' },
      value: 1,
      timestampMs: 1700000000250,
    });
    assert.deepEqual(parsed.samples[2]?.exemplar, { labels: { trace_id: 'abc' }, value: 0.05 });
    assert.deepEqual(parsed.metadata, [
      { metric: 'http_requests', type: 'counter', help: 'Requests "served"\nso far.', unit: '' },
      { metric: 'http_requests_seconds', type: 'unknown', help: '', unit: 'seconds' },
      { metric: 'rpc_seconds', type: 'histogram', help: '', unit: '' },
      { metric: 'build', type: 'info', help: '', unit: '' },
    ]);
  });

  test('_created series can be skipped', () => {
    const parsed = parseExposition(exposition, { format: 'openmetrics', skipCreatedSeries: true });
    assert.ok(!parsed.samples.some((s) => s.name.endsWith('_created')));
    assert.equal(parsed.samples.length, 6);
  });

  const errors: [string, string, RegExp][] = [
    ['missing EOF', 'up 1\n', /line 2: OpenMetrics data does not end with "# EOF"/],
    ['content after EOF', 'up 1\n# EOF\nup 2\n', /line 3: content after "# EOF"/],
    ['empty lines', 'up 1\n\n# EOF\n', /line 2: empty line/],
    ['free comments', '# hello\n# EOF\n', /line 1: unexpected comment/],
    ['blanks before a sample', ' up 1\n# EOF\n', /line 1: expected a metric name/],
    ['unit not a suffix', '# UNIT foo seconds\n# EOF\n', /unit "seconds" is not a suffix/],
    ['Inf timestamp', 'up 1 +Inf\n# EOF\n', /invalid timestamp "\+Inf"/],
    ['exemplar without value', 'a_total 1 # {a="b"}\n# EOF\n', /expected an exemplar value/],
    [
      'exemplar labels too long',
      `a_total 1 # {trace_id="${'x'.repeat(130)}"} 1\n# EOF\n`,
      /exemplar labels have 138 characters/,
    ],
  ];
  for (const [name, input, message] of errors) {
    test(`error: ${name}`, () => assert.throws(() => om(input), message));
  }
});

describe('limits', () => {
  test('a line past the maximum length fails with its number', () => {
    const input = `up 1\nlong{a="${'x'.repeat(100)}"} 1\n`;
    assert.throws(
      () => parseExposition(input, { format: 'prometheus-text', maxLineLength: 50 }),
      /line 2: line is longer than the limit of 50 characters/,
    );
  });

  test('more samples than the maximum fail the parse', () => {
    const input = 'a 1\nb 2\nc 3\n';
    assert.equal(
      parseExposition(input, { format: 'prometheus-text', maxSamples: 3 }).samples.length,
      3,
    );
    assert.throws(
      () => parseExposition(input, { format: 'prometheus-text', maxSamples: 2 }),
      /line 3: more than 2 samples/,
    );
  });
});

test('the format follows the Content-Type', () => {
  assert.equal(
    expositionFormatOf('application/openmetrics-text; version=1.0.0; charset=utf-8'),
    'openmetrics',
  );
  assert.equal(expositionFormatOf('text/plain; version=0.0.4'), 'prometheus-text');
  assert.equal(expositionFormatOf(undefined), 'prometheus-text');
});

describe('repeated series (a backfill file)', () => {
  const file = [
    '# TYPE req counter',
    'req_total{path="/a",note="has } and \\" inside"} 1 10',
    'req_total{path="/b"} 2 10',
    'req_total{path="/a",note="has } and \\" inside"} 3 20',
    'req_total{path="/b"} 4 20',
    '# TYPE lat histogram',
    'lat_bucket{le="1"} 1 10',
    'lat_bucket{le="1"} 2 20',
    // Same text under another family type: `le` is no longer normalised.
    '# TYPE lat_bucket gauge',
    'lat_bucket{le="1"} 3 30',
    '# EOF',
    '',
  ].join('\n');
  const parse = (repeatedSeries: boolean) =>
    parseExposition(file, { format: 'openmetrics', repeatedSeries });

  test('reads the same samples as a parse without it', () => {
    const plain = parse(false);
    const repeated = parse(true);
    assert.deepEqual(repeated.samples.map(row), plain.samples.map(row));
    assert.deepEqual(
      repeated.samples.map((s) => s.series),
      plain.samples.map((s) => s.series),
    );
    assert.deepEqual(repeated.metadata, plain.metadata);
    assert.deepEqual(repeated.samples.at(-1)?.labels, ['le', '1']);
    assert.deepEqual(repeated.samples.at(-2)?.labels, ['le', '1.0']);
  });

  test('a columnar parse holds the same samples, each series once', () => {
    const plain = parse(false);
    const text = `${file.replace('# EOF\n', '')}bare 5\nbare 6 40\n# EOF\n`;
    const columnar = parseExposition(text, {
      format: 'openmetrics',
      repeatedSeries: true,
      columnar: true,
    });
    const columns = columnar.columns;
    assert.ok(columns);
    assert.deepEqual(columnar.samples, []);
    const rows = Array.from({ length: columns.length }, (_, i) => {
      const series = columns.series[columns.seriesIndex[i] as number];
      const t = columns.timestampsMs[i] as number;
      return [series?.name, series?.labels, columns.values[i], Number.isNaN(t) ? undefined : t];
    });
    assert.deepEqual(rows, [
      ...plain.samples.map(row),
      ['bare', [], 5, undefined],
      ['bare', [], 6, 40_000],
    ]);
    // req /a, req /b, lat le=1.0, lat le=1 (the same text under another type), bare.
    assert.deepEqual(
      columns.series.map((s) => s.series),
      [
        'req_total{path="/a",note="has } and \\" inside"}',
        'req_total{path="/b"}',
        'lat_bucket{le="1"}',
        'lat_bucket{le="1"}',
        'bare',
      ],
    );
    assert.deepEqual(
      Array.from(columns.seriesIndex.subarray(0, columns.length)),
      [0, 1, 0, 1, 2, 2, 3, 4, 4],
    );
  });

  test('a columnar parse of thousands of points keeps every one as its columns grow', () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `g{k="v"} ${i} ${i + 1}`);
    const text = `# TYPE g gauge\n${lines.join('\n')}\n# EOF\n`;
    const options = { format: 'openmetrics', repeatedSeries: true, columnar: true } as const;
    const columns = parseExposition(text, options).columns;
    assert.equal(columns?.length, 3000);
    assert.equal(columns?.series.length, 1);
    const values = Array.from(columns?.values.subarray(0, 3000) ?? []);
    assert.deepEqual(
      values,
      Array.from({ length: 3000 }, (_, i) => i),
    );
    assert.equal(columns?.timestampsMs[2999], 3_000_000);
  });

  test('samples of one series share its labels and series text', () => {
    const [a1, b1, a2, b2] = parse(true).samples;
    assert.equal(a1?.labels, a2?.labels);
    assert.equal(b1?.labels, b2?.labels);
    assert.notEqual(a1?.labels, b1?.labels);
    assert.equal(a1?.series, 'req_total{path="/a",note="has } and \\" inside"}');
  });

  test('a bad label set is still refused at its line', () => {
    const bad = '# TYPE x gauge\nx{a="1"} 1 10\nx{a="1",a="2"} 1 10\nx{a="1"} 1 10\n# EOF\n';
    assert.throws(
      () => parseExposition(bad, { format: 'openmetrics', repeatedSeries: true }),
      (error: unknown) => error instanceof ExpositionParseError && error.line === 3,
    );
    const unterminated = '# TYPE x gauge\nx{a="1"} 1 10\nx{a="1" 1 10\n# EOF\n';
    assert.throws(
      () => parseExposition(unterminated, { format: 'openmetrics', repeatedSeries: true }),
      (error: unknown) => error instanceof ExpositionParseError && error.line === 3,
    );
  });
});
