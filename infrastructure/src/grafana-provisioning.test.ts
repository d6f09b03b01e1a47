import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parseExpr } from '@otel-lab/promql';
import { composeServices, endpointProblem } from './compose-model.js';
import {
  dashboardPanels,
  datasourceRefs,
  prometheusQueries,
  resolveVariables,
} from './dashboard-queries.js';
import { scrapeTargets } from './scrape-config.js';
import {
  asArray,
  asRecord,
  COMPOSE_FILE,
  DASHBOARD_FILE,
  DASHBOARD_PROVIDERS_FILE,
  DATASOURCES_FILE,
  PROMETHEUS_CONFIG,
  readJson,
  readYaml,
  STACK_DIR,
} from './stack-files.js';

const services = composeServices(readYaml(COMPOSE_FILE));
const datasources = asArray(readYaml(DATASOURCES_FILE).datasources).map(asRecord);
const typeByUid = new Map(datasources.map((d) => [String(d.uid), String(d.type)]));
const dashboard = readJson(DASHBOARD_FILE);
const panels = dashboardPanels(dashboard).filter((panel) => panel.type !== 'row');

describe('Grafana data sources', () => {
  test('Prometheus, Jaeger and Loki, each with a unique uid', () => {
    assert.deepEqual([...typeByUid.values()].sort(), ['jaeger', 'loki', 'prometheus']);
    assert.equal(typeByUid.size, datasources.length);
  });

  test('every URL is a compose service on a port it listens on', () => {
    for (const source of datasources) {
      assert.equal(endpointProblem(services, String(source.url)), undefined, String(source.name));
    }
  });

  const json = (type: string) =>
    asRecord(datasources.find((source) => source.type === type)?.jsonData);
  const links: { name: string; uids: unknown[]; type: string }[] = [
    {
      name: "Prometheus's exemplars open traces in Jaeger",
      uids: asArray(json('prometheus').exemplarTraceIdDestinations).map(
        (d) => asRecord(d).datasourceUid,
      ),
      type: 'jaeger',
    },
    {
      name: "Jaeger's traces open their logs in Loki",
      uids: [asRecord(json('jaeger').tracesToLogsV2).datasourceUid],
      type: 'loki',
    },
    {
      name: "Loki's trace_id field opens the trace in Jaeger",
      uids: asArray(json('loki').derivedFields).map((d) => asRecord(d).datasourceUid),
      type: 'jaeger',
    },
  ];
  for (const link of links) {
    test(link.name, () => {
      assert.ok(link.uids.length > 0);
      for (const uid of link.uids) assert.equal(typeByUid.get(String(uid)), link.type, String(uid));
    });
  }

  test('the links name the fields Loki and Prometheus store trace ids under', () => {
    const exemplar = asRecord(asArray(json('prometheus').exemplarTraceIdDestinations)[0]);
    assert.equal(exemplar.name, 'trace_id');
    const derived = asRecord(asArray(json('loki').derivedFields)[0]);
    assert.deepEqual([derived.matcherType, derived.matcherRegex], ['label', 'trace_id']);
  });

  test("Grafana's own $${__…} variables survive provisioning's $VAR expansion", () => {
    const text = readFileSync(DATASOURCES_FILE, 'utf8');
    assert.ok(text.includes('$${__'));
    assert.doesNotMatch(text, /(^|[^$])\$\{__/m);
  });
});

describe('the dashboard', () => {
  test('is provisioned from the folder the compose file mounts', () => {
    const provider = asRecord(asArray(readYaml(DASHBOARD_PROVIDERS_FILE).providers)[0]);
    const path = String(asRecord(provider.options).path);
    const mount = asArray(services.get('grafana')?.raw.volumes)
      .map((entry) => String(entry).split(':'))
      .find(([, target]) => target === path);
    assert.ok(mount, `grafana mounts something at ${path}`);
    assert.equal(join(STACK_DIR, mount[0] ?? ''), join(DASHBOARD_FILE, '..'));
  });

  test('has its fixed uid and at least four panels of standard types', () => {
    assert.equal(dashboard.uid, 'otel-lab-demo-app');
    assert.ok(Number(dashboard.schemaVersion) >= 39);
    assert.ok(panels.length >= 4, `${panels.length} panels`);
    const standard = new Set(['timeseries', 'stat', 'gauge', 'bargauge', 'table']);
    for (const panel of panels) assert.ok(standard.has(String(panel.type)), String(panel.title));
  });

  test('every data source it refers to is provisioned, with the same type', () => {
    const refs = datasourceRefs(dashboard);
    assert.ok(refs.length > 0);
    for (const ref of refs) assert.equal(typeByUid.get(ref.uid), ref.type, ref.where);
  });

  test("has the lab's panels: rate, P95 with exemplars, errors, active requests, slowest traces", () => {
    const queries = prometheusQueries(dashboard);
    const exprOf = (title: RegExp) => queries.find((q) => title.test(q.panel));
    assert.match(exprOf(/request rate/i)?.expr ?? '', /rate\(app_requests_total/);
    assert.match(exprOf(/^P95 latency/)?.expr ?? '', /histogram_quantile\(0\.95, .*app_request_/);
    assert.match(exprOf(/error rate/i)?.expr ?? '', /status="error"/);
    assert.match(exprOf(/active requests/i)?.expr ?? '', /app_active_requests/);
    const p95 = panels.find((panel) => panel.title === 'P95 latency');
    assert.equal(asRecord(asArray(p95?.targets)[0]).exemplar, true);
    const traces = panels.find((panel) => /slowest/i.test(String(panel.title)));
    assert.equal(asRecord(traces?.datasource).type, 'jaeger');
    assert.equal(traces?.type, 'table');
  });

  describe('every PromQL query parses', () => {
    for (const query of prometheusQueries(dashboard)) {
      test(`${query.panel} (${query.refId})`, () => {
        assert.doesNotThrow(() => parseExpr(query.resolved), query.resolved);
      });
    }
    for (const variable of asArray(asRecord(dashboard.templating).list).map(asRecord)) {
      test(`variable ${variable.name}`, () => {
        const match = /^label_values\((.+), *(\w+)\)$/.exec(String(variable.definition));
        assert.ok(match, String(variable.definition));
        assert.doesNotThrow(() => parseExpr(resolveVariables(match[1] ?? '', dashboard)));
      });
    }
  });

  test('every query has a legend, and every Prometheus panel a unit', () => {
    for (const panel of panels) {
      const prometheusTargets = asArray(panel.targets)
        .map(asRecord)
        .filter((target) => typeof target.expr === 'string');
      if (prometheusTargets.length === 0) continue;
      for (const target of prometheusTargets) {
        assert.ok(String(target.legendFormat ?? '') !== '', `${panel.title}: legendFormat`);
      }
      const unit = asRecord(asRecord(panel.fieldConfig).defaults).unit;
      assert.ok(typeof unit === 'string' && unit !== '', `${panel.title}: unit`);
    }
  });

  test('the jobs its queries select are scrape jobs of prometheus.yml', () => {
    const jobs = new Set(scrapeTargets(readYaml(PROMETHEUS_CONFIG)).map((t) => t.job));
    for (const query of prometheusQueries(dashboard)) {
      for (const [, job] of query.expr.matchAll(/job="([^"]+)"/g)) {
        assert.ok(jobs.has(job ?? ''), `${query.panel}: job ${job}`);
      }
    }
  });
});
