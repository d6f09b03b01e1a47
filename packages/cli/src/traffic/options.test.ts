import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatDuration, parseDuration } from './duration.js';
import { parseTrafficArgs, type TrafficOptions } from './options.js';

function parsed(argv: string[]): TrafficOptions {
  const result = parseTrafficArgs(argv);
  assert.ok('target' in result, JSON.stringify(result));
  return result;
}

test("no options: the lab's loop", () => {
  const options = parsed([]);
  assert.equal(options.target.href, 'http://localhost:8080/');
  assert.deepEqual(options.limit, { iterations: 50 });
  assert.equal(options.pauseMs, 500);
  assert.equal(options.rate, undefined);
  assert.equal(options.concurrency, 1);
  assert.deepEqual(options.mix, { orders: 1, products: 1 });
  assert.equal(options.seed, undefined);
  assert.equal(options.json, false);
});

test('every option, in both spellings', () => {
  const options = parsed([
    '--target=http://127.0.0.1:9080',
    '--duration',
    '5m',
    '--rate',
    '12.5',
    '--concurrency=8',
    '--mix',
    '1:3',
    '--seed',
    '42',
    '--json',
  ]);
  assert.equal(options.target.href, 'http://127.0.0.1:9080/');
  assert.deepEqual(options.limit, { durationMs: 300_000 });
  assert.equal(options.rate, 12.5);
  assert.equal(options.concurrency, 8);
  assert.deepEqual(options.mix, { orders: 1, products: 3 });
  assert.equal(options.seed, 42);
  assert.equal(options.json, true);
});

test('--rate raises the default concurrency; --pause 0 is allowed', () => {
  assert.equal(parsed(['--rate', '100']).concurrency, 64);
  assert.equal(parsed(['--pause', '0']).pauseMs, 0);
  assert.deepEqual(parsed(['--iterations', '3']).limit, { iterations: 3 });
});

test('--help wins over everything', () => {
  assert.deepEqual(parseTrafficArgs(['--rate', 'x', '-h']), { help: true });
  assert.deepEqual(parseTrafficArgs(['--help']), { help: true });
});

describe('bad options are reported, each by name', () => {
  const rows: { argv: string[]; error: RegExp }[] = [
    { argv: ['--nope'], error: /^unknown option --nope$/ },
    { argv: ['extra'], error: /^unexpected argument extra$/ },
    { argv: ['--rate'], error: /^--rate needs a value$/ },
    { argv: ['--rate', '--json'], error: /^--rate needs a value$/ },
    { argv: ['--seed', '1', '--seed', '2'], error: /--seed is given twice/ },
    { argv: ['--iterations', '0'], error: /--iterations must be a whole number from 1/ },
    { argv: ['--iterations', '2.5'], error: /--iterations must be a whole number/ },
    { argv: ['--duration', '10 parsecs'], error: /--duration must be a time like 500ms, 30s/ },
    { argv: ['--duration', '0s'], error: /--duration must be a time .*above 0/ },
    { argv: ['--pause', '-1'], error: /--pause needs a value|--pause must be a time/ },
    { argv: ['--rate', '0'], error: /--rate must be requests per second above 0/ },
    { argv: ['--rate', 'fast'], error: /--rate must be requests per second/ },
    { argv: ['--concurrency', '0'], error: /--concurrency must be a whole number from 1 to 1000/ },
    { argv: ['--mix', '1'], error: /--mix must be ORDERS:PRODUCTS/ },
    { argv: ['--mix', '0:0'], error: /--mix must be ORDERS:PRODUCTS .*not both 0/ },
    { argv: ['--seed', '-3'], error: /--seed needs a value|--seed must be a whole number/ },
    {
      argv: ['--target', 'localhost:8080'],
      error: /--target must be an http:\/\/ or https:\/\/ URL/,
    },
    { argv: ['--target', 'ftp://x'], error: /--target must be an http/ },
    {
      argv: ['--iterations', '5', '--duration', '1m'],
      error: /--iterations and --duration cannot be used together/,
    },
    { argv: ['--pause', '1s', '--rate', '5'], error: /--pause and --rate cannot be used together/ },
  ];
  for (const { argv, error } of rows) {
    test(argv.join(' '), () => {
      const result = parseTrafficArgs(argv);
      assert.ok('errors' in result, `accepted: ${JSON.stringify(result)}`);
      assert.ok(
        result.errors.some((message) => error.test(message)),
        result.errors.join('\n'),
      );
    });
  }

  test('all problems at once', () => {
    const result = parseTrafficArgs(['--rate', '0', '--mix', 'x', '--bogus']);
    assert.ok('errors' in result);
    assert.equal(result.errors.length, 3, result.errors.join('\n'));
  });
});

test('durations', () => {
  const rows: [string, number | undefined][] = [
    ['500ms', 500],
    ['30s', 30_000],
    ['0.5', 500],
    ['5m', 300_000],
    ['1.5h', 5_400_000],
    ['5 m', undefined],
    ['m', undefined],
    ['-1s', undefined],
  ];
  for (const [text, ms] of rows) assert.equal(parseDuration(text), ms, text);
  assert.deepEqual([850, 500, 12_340, 60_000, 303_000].map(formatDuration), [
    '850 ms',
    '500 ms',
    '12.3 s',
    '1 min',
    '5 min 3 s',
  ]);
});
