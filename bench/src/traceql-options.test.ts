import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readTraceqlOptions, USAGE, UsageError } from './traceql-options.js';

test('bench:traceql options: defaults, values and help', () => {
  const cases: { argv: string[]; expected: ReturnType<typeof readTraceqlOptions> }[] = [
    { argv: [], expected: { spans: 1_000_000, concurrency: 4, runs: 20, seed: 1 } },
    { argv: ['--spans', '20000'], expected: { spans: 20_000, concurrency: 4, runs: 20, seed: 1 } },
    {
      argv: ['--spans=512', '--concurrency', '8', '--runs', '5', '--seed', '0'],
      expected: { spans: 512, concurrency: 8, runs: 5, seed: 0 },
    },
    { argv: ['--help'], expected: 'help' },
    { argv: ['-h', '--spans', 'x'], expected: 'help' },
  ];
  for (const { argv, expected } of cases) {
    assert.deepEqual(readTraceqlOptions(argv), expected, argv.join(' '));
  }
});

test('bench:traceql options: a wrong value names its option and the range', () => {
  const cases: { argv: string[]; message: RegExp }[] = [
    {
      argv: ['--spans', '100'],
      message: /^--spans 100: expected an integer from 512 to 20000000$/,
    },
    { argv: ['--spans', '1e3x'], message: /^--spans 1e3x: expected an integer/ },
    { argv: ['--runs', '0'], message: /^--runs 0: expected an integer from 1 to 1000$/ },
    { argv: ['--runs', ''], message: /^--runs : expected an integer/ },
    { argv: ['--concurrency', '2.5'], message: /^--concurrency 2.5: expected an integer/ },
    { argv: ['--rows', '3'], message: /Unknown option '--rows'/ },
    { argv: ['extra'], message: /Unexpected argument 'extra'/ },
  ];
  for (const { argv, message } of cases) {
    assert.throws(
      () => readTraceqlOptions(argv),
      (error: unknown) => error instanceof UsageError && message.test(error.message),
      argv.join(' '),
    );
  }
});

test('bench:traceql usage names every query it times and the JSON figures', () => {
  for (const text of ['{duration > 500ms}', '/api/metrics/query_range', '"metrics_p95_ms"']) {
    assert.ok(USAGE.includes(text), text);
  }
});
