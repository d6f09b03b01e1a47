import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { type BackendProcess, startBackendProcess } from '@otel-lab/testkit';

// Rule files in the running backend: loaded at start, evaluated into the store, shown by
// /api/v1/rules and /api/v1/alerts, reloaded on SIGHUP and POST /-/reload through the query
// port's own checks.
const MAIN = join(__dirname, 'main.js');

const RULES = `groups:
- name: lab
  interval: 1s
  rules:
  - record: lab:one
    expr: vector(1)
    labels: { source: rule }
  - alert: AlwaysFiring
    expr: vector(1)
    labels: { severity: page }
    annotations: { summary: 'value {{ $value }}' }
`;

const groupsOf = async (queryUrl: string) => {
  const body = (await (await fetch(`${queryUrl}/api/v1/rules`)).json()) as {
    data: { groups: { name: string; file: string; rules: { name: string }[] }[] };
  };
  return body.data.groups.map((g) => `${g.name}: ${g.rules.map((r) => r.name).join(', ')}`);
};

test('an invalid rule file stops the start with every error, exit 1', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rules-e2e-'));
  const file = join(dir, 'bad.yml');
  writeFileSync(
    file,
    'groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up +\n  - record: 1x\n    expr: up\n',
  );
  const child = spawn(
    process.execPath,
    [MAIN, '--data-dir', join(dir, 'data'), '--http-port', '0', '--rules', file],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const [code] = await once(child, 'exit');
  assert.equal(code, 1);
  assert.equal(
    output,
    [
      'cannot start: the rule files (--rules) have errors:',
      `${file}: 5:11: group "g", rule 1, "A": could not parse expression: 1:5: parse error: unexpected end of input`,
      `${file}: 6:13: group "g", rule 2, "1x": invalid recording rule name: 1x`,
      '',
    ].join('\n'),
  );
});

test('rules load at start and reload on SIGHUP and POST /-/reload; a bad file keeps them', {
  timeout: 60_000,
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rules-e2e-'));
  writeFileSync(join(dir, 'no-scrapes.yml'), 'scrape_configs: []\n');
  const rules = join(dir, 'rules');
  mkdirSync(rules);
  writeFileSync(join(rules, 'lab.yml'), RULES);
  writeFileSync(join(rules, 'empty.yml'), '');
  let backend: BackendProcess | undefined;
  try {
    backend = await startBackendProcess(MAIN, [
      ...['--data-dir', join(dir, 'data'), '--scrape-config', join(dir, 'no-scrapes.yml')],
      ...['--rules', join(rules, '*.yml'), '--self-scrape-interval', '0'],
    ]);
    const { queryUrl } = backend;
    // The glob takes empty.yml too: a file without groups is a valid rule file.
    assert.deepEqual(await groupsOf(queryUrl), ['lab: lab:one, AlwaysFiring']);

    // Evaluated every second: the recording rule's series reads back through PromQL, the alert
    // fires (no `for`), and ALERTS holds it.
    const query = async (promql: string) => {
      const answer = await fetch(`${queryUrl}/api/v1/query?query=${encodeURIComponent(promql)}`);
      const body = (await answer.json()) as {
        data: { result: { metric: Record<string, string>; value: [number, string] }[] };
      };
      return body.data.result.map((r) => [r.metric, r.value[1]]);
    };
    let recorded: unknown[] = [];
    for (let i = 0; i < 100 && recorded.length === 0; i += 1) {
      recorded = await query('lab:one');
      if (recorded.length === 0) await sleep(100);
    }
    assert.deepEqual(recorded, [[{ __name__: 'lab:one', source: 'rule' }, '1']]);
    const alerts = (await (await fetch(`${queryUrl}/api/v1/alerts`)).json()) as {
      data: { alerts: { labels: object; annotations: object; state: string; value: string }[] };
    };
    assert.deepEqual(
      alerts.data.alerts.map(({ labels, annotations, state, value }) => ({
        labels,
        annotations,
        state,
        value,
      })),
      [
        {
          labels: { alertname: 'AlwaysFiring', severity: 'page' },
          annotations: { summary: 'value 1' },
          state: 'firing',
          value: '1e+00',
        },
      ],
    );
    // ALERTS is written from the evaluation after the alerts' `for` state is restored.
    let firing: unknown[] = [];
    for (let i = 0; i < 100 && firing.length === 0; i += 1) {
      firing = await query('ALERTS');
      if (firing.length === 0) await sleep(100);
    }
    assert.deepEqual(firing, [
      [
        { __name__: 'ALERTS', alertname: 'AlwaysFiring', alertstate: 'firing', severity: 'page' },
        '1',
      ],
    ]);
    const [lab] = (
      (await (await fetch(`${queryUrl}/api/v1/rules`)).json()) as {
        data: { groups: { interval: number; rules: { health: string }[] }[] };
      }
    ).data.groups;
    assert.equal(lab?.interval, 1);
    assert.deepEqual(
      lab?.rules.map((r) => r.health),
      ['ok', 'ok'],
    );

    // SIGHUP: a new file that the glob now matches joins.
    writeFileSync(
      join(rules, 'more.yml'),
      'groups:\n- name: more\n  rules:\n  - record: r\n    expr: up\n',
    );
    backend.child.kill('SIGHUP');
    let groups: string[] = [];
    for (let i = 0; i < 100 && groups.length < 2; i += 1) {
      groups = await groupsOf(queryUrl);
      if (groups.length < 2) await sleep(50);
    }
    assert.deepEqual(groups, ['lab: lab:one, AlwaysFiring', 'more: r']);
    assert.match(backend.output(), /rules reloaded from /);

    // A bad file: 500, the old rules keep running, the metric says so.
    writeFileSync(join(rules, 'more.yml'), 'groups:\n- name: more\n  rules:\n  - record: r\n');
    const failed = await fetch(`${queryUrl}/-/reload`, { method: 'POST' });
    assert.equal(failed.status, 500);
    assert.equal(
      await failed.text(),
      `failed to reload config: ${join(rules, 'more.yml')}: 0:0: group "more", rule 1, "r": field 'expr' must be set in rule\n`,
    );
    assert.deepEqual(await groupsOf(queryUrl), ['lab: lab:one, AlwaysFiring', 'more: r']);
    const metrics = await (await fetch(`${queryUrl}/metrics`)).text();
    assert.match(metrics, /^prometheus_config_last_reload_successful 0$/m);
    assert.match(backend.output(), /rules not reloaded, the rules loaded before keep running/);

    // Another site's page cannot make the backend reload, through the port's real checks.
    const foreign = await fetch(`${queryUrl}/-/reload`, {
      method: 'POST',
      headers: { origin: 'https://evil.example' },
    });
    assert.equal(foreign.status, 403);

    writeFileSync(join(rules, 'more.yml'), 'groups: []\n');
    const fixed = await fetch(`${queryUrl}/-/reload`, { method: 'PUT' });
    assert.equal(fixed.status, 200);
    assert.deepEqual(await groupsOf(queryUrl), ['lab: lab:one, AlwaysFiring']);
    const after = await (await fetch(`${queryUrl}/metrics`)).text();
    assert.match(after, /^prometheus_config_last_reload_successful 1$/m);
  } finally {
    await backend?.stop();
  }
});

test('with --alertmanager-url, a firing alert is posted to the Alertmanager as Prometheus posts it', {
  timeout: 60_000,
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rules-e2e-'));
  writeFileSync(join(dir, 'no-scrapes.yml'), 'scrape_configs: []\n');
  writeFileSync(join(dir, 'lab.yml'), RULES);
  // A stand-in Alertmanager: what reaches POST /api/v2/alerts.
  const posts: { path: string; alerts: Record<string, unknown>[] }[] = [];
  const alertmanager = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on('end', () => {
      posts.push({ path: `${request.method} ${request.url}`, alerts: JSON.parse(body) });
      response.writeHead(200).end();
    });
  });
  alertmanager.listen(0, '127.0.0.1');
  await once(alertmanager, 'listening');
  const { port } = alertmanager.address() as AddressInfo;
  let backend: BackendProcess | undefined;
  try {
    backend = await startBackendProcess(MAIN, [
      ...['--data-dir', join(dir, 'data'), '--scrape-config', join(dir, 'no-scrapes.yml')],
      ...['--rules', join(dir, 'lab.yml'), '--self-scrape-interval', '0'],
      ...['--alertmanager-url', `http://127.0.0.1:${port}/prefix`],
    ]);
    for (let i = 0; i < 100 && posts.length === 0; i += 1) await sleep(100);
    const [first] = posts;
    assert.equal(first?.path, 'POST /prefix/api/v2/alerts');
    const [alert] = first?.alerts ?? [];
    assert.deepEqual(alert?.labels, { alertname: 'AlwaysFiring', severity: 'page' });
    assert.deepEqual(alert?.annotations, { summary: 'value 1' });
    assert.equal(alert?.generatorURL, `${backend.queryUrl}/graph?g0.expr=vector%281%29&g0.tab=1`);
    // Firing: endsAt lies ahead (4 × max(resend delay 1m, interval 1s)), after startsAt.
    const startsAt = Date.parse(String(alert?.startsAt));
    const endsAt = Date.parse(String(alert?.endsAt));
    assert.ok(endsAt - startsAt >= 3 * 60_000, `${alert?.startsAt} .. ${alert?.endsAt}`);
    const metrics = await (await fetch(`${backend.queryUrl}/metrics`)).text();
    assert.match(metrics, /^prometheus_notifications_sent_total\{alertmanager="[^"]+"\} [1-9]/m);
  } finally {
    await backend?.stop();
    alertmanager.close();
  }
});
