import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parseVerifyArgs } from './options.js';

describe('npm run verify options', () => {
  test('defaults: the embedded lab on its usual ports', () => {
    const options = parseVerifyArgs([]);
    assert.ok('stack' in options);
    assert.equal(options.app, 'http://localhost:8080');
    assert.equal(options.payment, 'http://localhost:8081');
    assert.deepEqual(options.stack, { kind: 'embedded', backend: 'http://localhost:16686' });
    assert.match(options.dashboardFile, /dashboards[/\\]demo-app\.json$/);
    assert.equal(options.json, false);
    assert.equal(options.waitMs, 0);
  });

  const waits: [string, number][] = [
    ['60s', 60_000],
    ['2m', 120_000],
    ['90', 90_000],
    ['1500ms', 1500],
    ['0', 0],
    ['10m', 600_000],
  ];
  for (const [text, ms] of waits) {
    test(`--wait ${text} waits ${ms} ms`, () => {
      const options = parseVerifyArgs(['--wait', text]);
      assert.ok('waitMs' in options, JSON.stringify(options));
      assert.equal(options.waitMs, ms);
    });
  }

  test('the real stack', () => {
    const options = parseVerifyArgs([
      '--prometheus=http://localhost:9090',
      '--jaeger',
      'http://localhost:16686',
      '--grafana',
      'http://admin:pw@localhost:3000',
      '--json',
    ]);
    assert.ok('stack' in options);
    assert.deepEqual(options.stack, {
      kind: 'real',
      prometheus: 'http://localhost:9090',
      jaeger: 'http://localhost:16686',
      grafana: 'http://admin:pw@localhost:3000',
    });
    assert.equal(options.json, true);
  });

  test('a relative --dashboard is from where npm was started', () => {
    const options = parseVerifyArgs(['--dashboard', 'mine.json'], { INIT_CWD: '/home/me/lab' });
    assert.ok('dashboardFile' in options);
    assert.equal(options.dashboardFile, join('/home/me/lab', 'mine.json'));
  });

  test('--help wins', () => {
    assert.deepEqual(parseVerifyArgs(['--bogus', '-h']), { help: true });
  });

  const errors: [string[], RegExp][] = [
    [['--bogus'], /^unknown option --bogus$/],
    [['extra'], /^unexpected argument extra$/],
    [['--app'], /^--app needs a value$/],
    [['--app', '--json'], /^--app needs a value$/],
    [['--app', 'localhost:8080'], /^--app must be an http/],
    [['--app', 'http://a', '--app', 'http://b'], /^--app is given twice$/],
    [['--prometheus', 'http://p'], /^--prometheus and --jaeger go together/],
    [['--jaeger', 'http://j'], /^--prometheus and --jaeger go together/],
    [
      ['--prometheus', 'http://p', '--jaeger', 'http://j', '--backend', 'http://b'],
      /^--backend is the embedded/,
    ],
    [['--loki', 'http://l'], /^--loki is part of the real stack/],
    [['--grafana', 'http://g'], /^--grafana is part of the real stack/],
    [['--wait'], /^--wait needs a value$/],
    [['--wait', 'soon'], /^--wait must be a duration of at most 10m, such as 60s, 2m or 90/],
    [['--wait', '11m'], /^--wait must be a duration of at most 10m/],
    [['--wait', '1h'], /^--wait must be a duration of at most 10m/],
  ];
  for (const [argv, pattern] of errors) {
    test(`refuses ${argv.join(' ')}`, () => {
      const parsed = parseVerifyArgs(argv);
      assert.ok('errors' in parsed, JSON.stringify(parsed));
      assert.match(parsed.errors[0] ?? '', pattern);
    });
  }

  test('every problem at once', () => {
    const parsed = parseVerifyArgs(['--bogus', '--app', 'x', '--loki', 'http://l']);
    assert.ok('errors' in parsed);
    assert.equal(parsed.errors.length, 3);
  });
});
