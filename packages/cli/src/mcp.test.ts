/**
 * The stdio MCP server (`node packages/cli/dist/mcp.js`) as an agent's client starts it, with
 * the SDK's own client, against the embedded backend as a process: every tool answers over stdio
 * exactly what it answers over HTTP at /mcp, and a backend that is not running is a clear error.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { type BackendProcess, freePort } from '@otel-lab/testkit';
import { startLoadedBackend, TRACE_ID } from './query-test-data.js';

const MCP = join(__dirname, 'mcp.js');

async function stdioClient(args: string[], env: Record<string, string> = {}) {
  const client = new Client({ name: 'mcp-stdio-test', version: '0' });
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [MCP, ...args],
    env: { PATH: process.env.PATH ?? '', ...env },
    stderr: 'pipe',
  });
  await client.connect(transport);
  return client;
}

async function httpClient(base: string) {
  const client = new Client({ name: 'mcp-http-test', version: '0' });
  await client.connect(new StreamableHTTPClientTransport(new URL('/mcp', base)));
  return client;
}

const AHEAD = Math.round(Date.now() / 1000) + 60;

/** One call per tool: its arguments on the test's data. Every tool the server lists needs one. */
const CALLS: [tool: string, args: Record<string, unknown>][] = [
  ['list_services', {}],
  ['list_operations', { service: 'demo-app' }],
  ['find_traces', { service: 'demo-app' }],
  ['find_traces', { errorsOnly: true, limit: 5 }],
  ['get_trace', { traceId: TRACE_ID }],
  ['get_spans', { traceId: TRACE_ID, spanIds: ['aaaaaaaaaaaaaaa3', 'bbbbbbbbbbbbbbbb'] }],
  ['explain_trace_errors', { traceId: TRACE_ID }],
  ['search_logs', { query: '{service_name="demo-app"} |= "order"' }],
  ['search_logs', { service: 'demo-app', text: 'health' }],
  ['list_metrics', {}],
  // At a fixed time a minute ahead (the data is loaded after this), so both calls ask the same.
  ['query_promql', { query: 'orders_placed_total', time: AHEAD }],
  ['query_promql', { query: 'sum(orders_placed_total)', start: '5m', end: AHEAD, step: '15s' }],
  ['list_rules', {}],
  ['list_alerts', {}],
];

describe('npm run mcp: the MCP server over stdio', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'mcp-stdio-'));
  let backend: BackendProcess;
  let stdio: Client;
  let http: Client;

  before(async () => {
    backend = await startLoadedBackend(dir);
    stdio = await stdioClient(['--backend', backend.queryUrl]);
    http = await httpClient(backend.queryUrl);
  });

  after(async () => {
    await stdio?.close();
    await http?.close();
    await backend?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('lists the tools /mcp lists, with the same schemas', async () => {
    const [overStdio, overHttp] = await Promise.all([stdio.listTools(), http.listTools()]);
    assert.deepEqual(overStdio, overHttp);
    assert.ok(overStdio.tools.some((tool) => tool.name === 'find_traces'));
    const covered = new Set(CALLS.map(([tool]) => tool));
    for (const { name } of overStdio.tools)
      assert.ok(covered.has(name), `no stdio case for ${name}`);
  });

  for (const [tool, args] of CALLS) {
    test(`${tool}(${JSON.stringify(args)}) answers over stdio what it answers over HTTP`, async () => {
      const [overStdio, overHttp] = await Promise.all([
        stdio.callTool({ name: tool, arguments: args }),
        http.callTool({ name: tool, arguments: args }),
      ]);
      assert.deepEqual(overStdio, overHttp);
      assert.notEqual(overStdio.isError, true, JSON.stringify(overStdio.content));
    });
  }

  test('messages piped in (echo … | mcp) are all answered before it exits', async () => {
    const lines = [
      { jsonrpc: '2.0', id: 1, method: 'tools/list' },
      {
        jsonrpc: '2.0',
        id: 2,
        method: 'tools/call',
        params: { name: 'list_services', arguments: {} },
      },
    ];
    const child = spawn(process.execPath, [MCP, '--backend', backend.queryUrl], {
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.stdin.end(lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
    const [code] = await once(child, 'close');
    assert.equal(code, 0);
    const answers = out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    assert.deepEqual(answers.map((answer) => answer.id).sort(), [1, 2]);
    assert.deepEqual(answers.find((answer) => answer.id === 2).result.structuredContent.items, [
      'demo-app',
      'payment-service',
    ]);
  });

  test('the lab data comes through: the failed order trace is found', async () => {
    const result = await stdio.callTool({ name: 'find_traces', arguments: { errorsOnly: true } });
    const { items } = result.structuredContent as { items: { traceId: string }[] };
    assert.deepEqual(
      items.map((trace) => trace.traceId),
      [TRACE_ID],
    );
  });

  test('a bad argument is the backend’s error result, over stdio too', async () => {
    const result = await stdio.callTool({ name: 'find_traces', arguments: { limit: 1000 } });
    assert.equal(result.isError, true);
    assert.match(JSON.stringify(result.content), /100/);
  });
});

describe('npm run mcp without a backend, and its arguments', () => {
  test('a backend that is not running: initialize fails saying where and why', async () => {
    const port = await freePort();
    await assert.rejects(
      stdioClient(['--backend', `http://127.0.0.1:${port}`]),
      /cannot reach the backend at http:\/\/127\.0\.0\.1:\d+\/mcp \(initialize\): ECONNREFUSED \(nothing is listening there; is the lab running \(npm start\)\?\)/,
    );
  });

  const run = (args: string[]) => spawnSync(process.execPath, [MCP, ...args], { encoding: 'utf8' });

  test('--help says how to start it and what it forwards to', () => {
    const help = run(['--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /Usage: node packages\/cli\/dist\/mcp\.js \[--backend URL\]/);
    assert.match(help.stdout, /OTEL_LAB_TOKEN/);
  });

  for (const [args, message] of [
    [['--backend', 'ftp://x'], /--backend must be an http:\/\/ or https:\/\/ URL/],
    [['--port', '1'], /Unknown option '--port'/],
  ] as const) {
    test(`${args.join(' ')}: exit 2 and the reason on stderr`, () => {
      const result = run([...args]);
      assert.equal(result.status, 2);
      assert.equal(result.stdout, '');
      assert.match(result.stderr, message);
    });
  }
});
