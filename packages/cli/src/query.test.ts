/**
 * `npm run query` as a process against the embedded backend as a process, loaded with one order
 * trace, its logs and a counter over OTLP/HTTP: each subcommand's text and --json, --help, the
 * backend unreachable, a bad query, and a span name and log line with escape sequences.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type BackendProcess, freePort } from '@otel-lab/testkit';
import { ESCAPED, startLoadedBackend, TRACE_ID } from './query-test-data.js';

const QUERY = join(__dirname, 'query.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

async function query(args: string[]): Promise<Run> {
  const child = spawn(process.execPath, [QUERY, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const run: Run = { code: null, stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => {
    run.stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    run.stderr += chunk.toString();
  });
  [run.code] = (await once(child, 'close')) as [number | null];
  return run;
}

describe('npm run query against a running backend', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'query-cli-'));
  let backend: BackendProcess;
  let url: string;

  before(async () => {
    backend = await startLoadedBackend(dir);
    url = backend.queryUrl;
  });

  after(async () => {
    await backend?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const ok = async (args: string[]) => {
    const run = await query([...args, '--backend', url]);
    assert.equal(run.code, 0, run.stderr);
    return run.stdout;
  };

  test('each subcommand prints its answer as text', async () => {
    const cases: [string[], RegExp[]][] = [
      [['services'], [/^demo-app\npayment-service\n$/]],
      [
        ['promql', 'orders_placed_total'],
        [/SERIES\s+VALUE/, /orders_placed_total\{job="demo-app"\}\s+3\n/],
      ],
      [
        ['promql', 'orders_placed_total', '--range', '5m'],
        [/orders_placed_total\{job="demo-app"\}\n +▁+ +min 3 +max 3 +last 3/],
      ],
      [['promql', '1 + 1'], [/^2\n$/]],
      [
        ['traces', '--service', 'payment-service'],
        [new RegExp(`${TRACE_ID} +\\S+Z +demo-app: POST /api/orders +800 ms +3 +1\\n`)],
      ],
      [
        ['traces', '--service', 'demo-app', '--operation', 'no-such-span'],
        [/^\(no traces of demo-app in the last 15 min match\)\n$/],
      ],
      [
        ['logs', '{service_name="demo-app"} |= "order"'],
        [/order failed/, /order received/],
      ],
      [
        ['logs', '--service', 'demo-app', '--text', 'ORDER'],
        [
          /TIME +SERVICE +SEVERITY +LINE\n\S+Z +demo-app +INFO +order failed charge \\x1b.*\n\S+Z +demo-app +INFO +order received\n$/,
        ],
      ],
      [
        ['logs', '--trace', TRACE_ID, '--severity', 'ERROR'],
        [/^\(no log records in the last 15 min match\)\n$/],
      ],
    ];
    for (const [args, patterns] of cases) {
      const out = await ok(args);
      for (const pattern of patterns) assert.match(out, pattern, `${args.join(' ')}:\n${out}`);
    }
    const logLines = await ok(['logs', '{service_name="demo-app"} |= "order"']);
    assert.doesNotMatch(logLines, /health ok/);
    assert.ok(
      logLines.indexOf('order failed') < logLines.indexOf('order received'),
      'newest first',
    );
  });

  test('trace prints the waterfall: indentation by depth, durations, bars, failures marked', async () => {
    const lines = (await ok(['trace', TRACE_ID])).trimEnd().split('\n');
    assert.match(lines[0] ?? '', new RegExp(`trace ${TRACE_ID}: 3 spans, 800 ms, 1 failed`));
    assert.match(lines[1] ?? '', /^demo-app: POST \/api\/orders +800 ms +\|█{40}\|$/);
    assert.match(lines[2] ?? '', /^ {2}demo-app: process_order +600 ms +\| {5}█{30} {5}\|$/);
    assert.match(
      lines[3] ?? '',
      /^ {4}! payment-service: charge \\x1b\[2J\\x1b\]0;pwned\\x07 +400 ms +\| {10}█{20} {10}\|$/,
    );
  });

  test('telemetry never reaches the terminal as control characters', async () => {
    for (const args of [
      ['trace', TRACE_ID],
      ['traces', '--service', 'demo-app'],
      ['logs', '{service_name="demo-app"}'],
    ]) {
      const out = await ok(args);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the escape sequence under test
      assert.doesNotMatch(out, /[\u001b\u0007]/, args.join(' '));
    }
    assert.match(
      await ok(['logs', '{service_name="demo-app"} |= "failed"']),
      /order failed charge \\x1b\[2J/,
    );
  });

  test('--json gives the data for machines, with the strings as sent', async () => {
    assert.deepEqual(JSON.parse(await ok(['services', '--json'])), {
      services: ['demo-app', 'payment-service'],
    });
    const instant = JSON.parse(await ok(['promql', 'orders_placed_total', '--json']));
    assert.equal(instant.resultType, 'vector');
    assert.equal(instant.result[0].value[1], '3');
    const { traces } = JSON.parse(
      await ok(['traces', '--service', 'payment-service', '--errors', '--json']),
    );
    assert.deepEqual(
      traces.map((t: { traceId: string; spans: number; errors: number; durationUs: number }) => [
        t.traceId,
        t.spans,
        t.errors,
        t.durationUs,
      ]),
      [[TRACE_ID, 3, 1, 800_000]],
    );
    const trace = JSON.parse(await ok(['trace', TRACE_ID, '--json']));
    assert.deepEqual(
      trace.spans.map((s: { depth: number; name: string; error: boolean }) => [
        s.depth,
        s.name,
        s.error,
      ]),
      [
        [0, 'POST /api/orders', false],
        [1, 'process_order', false],
        [2, ESCAPED, true],
      ],
    );
    const { lines } = JSON.parse(
      await ok(['logs', '{service_name="demo-app"} |= "order"', '--json']),
    );
    assert.deepEqual(
      lines.map((l: { line: string }) => l.line),
      [`order failed ${ESCAPED}`, 'order received'],
    );
  });

  test('--errors keeps only traces with a failed span in the service', async () => {
    const errorsOf = async (service: string) =>
      JSON.parse(await ok(['traces', '--service', service, '--errors', '--json'])).traces.length;
    assert.equal(await errorsOf('payment-service'), 1);
    assert.equal(await errorsOf('demo-app'), 0);
    const { traces } = JSON.parse(
      await ok(['traces', '--service', 'payment-service', '--json', '--since', '1s']),
    );
    assert.deepEqual(traces, [], '--since 1s is after the trace ended');
  });

  test('a bad query prints the backend message with its position; exit 1', async () => {
    for (const [args, pattern] of [
      [
        ['promql', 'rate(orders_placed_total[5m]'],
        /query: the backend refused the query: invalid parameter "query": 1:29: parse error: unclosed left parenthesis\n/,
      ],
      [
        ['logs', '{service_name="demo-app" |= "x"'],
        /query: the backend refused the query: .*parse error at line 1, col 26: syntax error: unexpected \|=/,
      ],
      [['logs', '--severity', 'LOUD'], /refused the log search: minSeverity="LOUD": expected 0-24/],
      [
        ['trace', 'ffffffffffffffffffffffffffffffff'],
        /query: .*trace ffffffffffffffffffffffffffffffff.*not found/i,
      ],
    ] as [string[], RegExp][]) {
      const run = await query([...args, '--backend', url]);
      assert.equal(run.code, 1, run.stdout);
      assert.match(run.stderr, pattern);
      assert.equal(run.stdout, '');
    }
  });

  test('an unreachable backend is named, with exit 1 and no stack', async () => {
    const port = await freePort();
    const run = await query(['services', '--backend', `http://127.0.0.1:${port}`]);
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      new RegExp(
        `cannot reach the backend at http://127\\.0\\.0\\.1:${port} \\(GET /api/services\\): ECONNREFUSED`,
      ),
    );
    assert.doesNotMatch(run.stderr, /^\s+at /m);
  });

  test('--help for the command and each subcommand; bad arguments exit 2', async () => {
    for (const args of [
      ['--help'],
      [],
      ...['services', 'promql', 'traces', 'trace', 'logs'].map((s) => [s, '--help']),
    ]) {
      const run = await query(args);
      assert.equal(run.code, 0, run.stderr);
      assert.match(
        run.stdout,
        new RegExp(`^Usage: npm run query -- ${args[1] ? args[0] : '<subcommand>'}`),
      );
    }
    for (const [args, pattern] of [
      [['promql'], /promql needs a PromQL query/],
      [['traces'], /traces needs --service/],
      [['frobnicate'], /unknown subcommand "frobnicate"/],
      [['services', '--limit', '0'], /--limit must be a whole number from 1 to 1000/],
      [['promql', 'up', '--range', 'soon'], /--range must be a duration/],
      [['services', '--nope'], /--nope/],
      [['logs', '{service_name="x"}', '--text', 'y'], /a LogQL query or the filters/],
    ] as [string[], RegExp][]) {
      const run = await query(args);
      assert.equal(run.code, 2, args.join(' '));
      assert.match(run.stderr, pattern);
    }
  });
});
