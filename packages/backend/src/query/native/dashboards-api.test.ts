import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, test } from 'node:test';
import { type HandlerServer, serveHandler } from '@otel-lab/testkit';
import { createDashboardFolder } from './dashboards.js';
import { createDashboardsHandler } from './dashboards-api.js';

const LAB_DASHBOARD = join(__dirname, '..', '..', '..', '..', '..', 'dashboards', 'demo-app.json');
const dir = mkdtempSync(join(tmpdir(), 'dashboards-'));
let base = '';
let server: HandlerServer | undefined;

before(async () => {
  writeFileSync(join(dir, 'lab.json'), readFileSync(LAB_DASHBOARD));
  writeFileSync(
    join(dir, 'rows.json'),
    JSON.stringify({
      title: 'With a row',
      panels: [{ type: 'stat' }, { type: 'row', panels: [{ type: 'gauge' }, { type: 'table' }] }],
    }),
  );
  writeFileSync(join(dir, 'broken.json'), '{"title": ');
  writeFileSync(join(dir, 'notes.txt'), 'not a dashboard');
  const handler = createDashboardsHandler(createDashboardFolder(dir));
  server = await serveHandler(handler);
  base = server.url;
});
after(async () => await server?.close());

test('lists the JSON files: uid, title, panels (rows counted by what they hold), errors', async () => {
  const body = (await (await fetch(`${base}/api/dashboards`)).json()) as {
    dashboards: { file: string; uid: string; title: string; panels: number; error?: string }[];
  };
  const byFile = Object.fromEntries(body.dashboards.map((d) => [d.file, d]));
  assert.deepEqual(Object.keys(byFile), ['broken.json', 'lab.json', 'rows.json']);
  assert.equal(byFile['lab.json']?.uid, 'otel-lab-demo-app');
  assert.ok((byFile['lab.json']?.panels ?? 0) >= 5);
  assert.equal(byFile['rows.json']?.panels, 3);
  assert.match(byFile['broken.json']?.error ?? '', /JSON/);
});

test('serves one dashboard by uid; unknown and broken ones say why', async () => {
  const lab = await fetch(`${base}/api/dashboards/otel-lab-demo-app`);
  assert.equal(lab.status, 200);
  assert.deepEqual(await lab.json(), JSON.parse(readFileSync(LAB_DASHBOARD, 'utf8')));
  assert.equal((await fetch(`${base}/api/dashboards/nope`)).status, 404);
  const broken = await fetch(`${base}/api/dashboards/broken`);
  assert.equal(broken.status, 422);
  assert.match(((await broken.json()) as { error: string }).error, /^broken\.json: /);
  const deleted = await fetch(`${base}/api/dashboards`, { method: 'DELETE' });
  assert.equal(deleted.status, 405);
  assert.equal(deleted.headers.get('allow'), 'GET, HEAD');
});

test('a bad percent-escape in a uid is 400, not a crash', async () => {
  for (const uid of ['%E0', '%zz', '%']) {
    const response = await fetch(`${base}/api/dashboards/${uid}`);
    assert.equal(response.status, 400, uid);
    assert.match(((await response.json()) as { error: string }).error, /percent-encoding/);
  }
});

test('the list names the folder, not where it is on disk', async () => {
  const body = (await (await fetch(`${base}/api/dashboards`)).json()) as { dir: string };
  assert.equal(body.dir, basename(dir));
  assert.ok(!body.dir.includes('/'));
});
