import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { type BackendProcess, startBackendProcess } from '@otel-lab/testkit';

// Rule files in the running backend: loaded at start, shown by /api/v1/rules, reloaded on SIGHUP
// and POST /-/reload through the query port's own checks.
const MAIN = join(__dirname, 'main.js');

const RULES = `groups:
- name: lab
  interval: 1s
  rules:
  - record: job:up:sum
    expr: sum by (job) (up)
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
    assert.deepEqual(await groupsOf(queryUrl), ['lab: job:up:sum, AlwaysFiring']);

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
    assert.deepEqual(groups, ['lab: job:up:sum, AlwaysFiring', 'more: r']);
    assert.match(backend.output(), /rules reloaded from /);

    // A bad file: 500, the old rules keep running, the metric says so.
    writeFileSync(join(rules, 'more.yml'), 'groups:\n- name: more\n  rules:\n  - record: r\n');
    const failed = await fetch(`${queryUrl}/-/reload`, { method: 'POST' });
    assert.equal(failed.status, 500);
    assert.equal(
      await failed.text(),
      `failed to reload config: ${join(rules, 'more.yml')}: 4:5: group "more", rule 1, "r": field 'expr' must be set in rule\n`,
    );
    assert.deepEqual(await groupsOf(queryUrl), ['lab: job:up:sum, AlwaysFiring', 'more: r']);
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
    assert.deepEqual(await groupsOf(queryUrl), ['lab: job:up:sum, AlwaysFiring']);
    const after = await (await fetch(`${queryUrl}/metrics`)).text();
    assert.match(after, /^prometheus_config_last_reload_successful 1$/m);
  } finally {
    await backend?.stop();
  }
});
