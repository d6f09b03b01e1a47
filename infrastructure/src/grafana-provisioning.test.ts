// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Grafana's ${…} variables are literal text here.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { describe, test } from 'node:test';
import { parseExpr } from '@otel-lab/promql';
import { composeServices, endpointProblem } from './compose-model.js';
import {
  dashboardPanels,
  datasourceRefs,
  prometheusQueries,
  resolveVariables,
} from './dashboard-queries.js';
import {
  datasourceLinks,
  emptySelectorProblem,
  expandProvisioned,
  GRAFANA_SETUPS,
  type GrafanaSetup,
  grafanaService,
  mountedAt,
  provisionedDatasources,
} from './grafana-provisioning.js';
import { promqlMetricNames, tracesToMetricsQueries } from './grafana-tempo.js';
import { scrapeTargets } from './scrape-config.js';
import {
  asArray,
  asRecord,
  COMPOSE_FILE,
  DASHBOARD_FILE,
  DASHBOARD_FILES,
  PROMETHEUS_CONFIG,
  readJson,
  readYaml,
} from './stack-files.js';

const services = composeServices(readYaml(COMPOSE_FILE));
const EMBEDDED = GRAFANA_SETUPS[1] as GrafanaSetup;
const dashboard = readJson(DASHBOARD_FILE);
const panels = dashboardPanels(dashboard).filter((panel) => panel.type !== 'row');

describe('provisioning values as Grafana expands them', () => {
  const env = { ROOT: '/otel-lab', PORT: '16686' };
  const cases: [string, string][] = [
    ['${ROOT}/dashboards', '/otel-lab/dashboards'],
    ['http://localhost:$PORT', 'http://localhost:16686'],
    ['$${__value.raw}', '${__value.raw}'],
    ['{x="$${__trace.traceId}"} $UNSET${UNSET}', '{x="${__trace.traceId}"} '],
  ];
  for (const [raw, expanded] of cases) {
    test(raw, () => assert.equal(expandProvisioned(raw, env), expanded));
  }
});

describe('a stream selector Loki accepts', () => {
  const cases: [string, boolean][] = [
    ['{service_name=~".+"} | trace_id="x"', true],
    ['{service_name="demo-app"}', true],
    ['{} | trace_id="x"', false],
    ['{service_name=~".*"}', false],
    ['{service_name=""}', false],
    ['| trace_id="x"', false],
  ];
  for (const [query, accepted] of cases) {
    test(`${query}: ${accepted ? 'accepted' : 'refused'}`, () => {
      assert.equal(emptySelectorProblem(query) === undefined, accepted);
    });
  }
});

for (const setup of GRAFANA_SETUPS) {
  describe(setup.name, () => {
    const datasources = provisionedDatasources(setup);
    const typeByUid = new Map(datasources.map((d) => [String(d.uid), String(d.type)]));
    const grafana = grafanaService(setup);
    const json = (type: string) =>
      asRecord(datasources.find((source) => source.type === type)?.jsonData);

    test('Prometheus, Jaeger and Loki (and Tempo beside npm start), each uid its type', () => {
      const expected = [
        ['jaeger', 'jaeger'],
        ['loki', 'loki'],
        ['prometheus', 'prometheus'],
        // Only the embedded backend answers Tempo's API; the real stack runs Jaeger.
        ...(setup === EMBEDDED ? [['tempo', 'tempo']] : []),
      ];
      assert.deepEqual(datasources.map((d) => [d.type, d.uid]).sort(), expected);
      for (const source of datasources) {
        assert.equal(String(source.name).toLowerCase(), source.uid, String(source.name));
      }
    });

    for (const link of datasourceLinks(datasources)) {
      test(link.name, () => {
        assert.ok(link.uids.length > 0);
        for (const uid of link.uids) {
          assert.equal(typeByUid.get(String(uid)), link.type, String(uid));
        }
      });
    }

    test('the links name the fields Loki and Prometheus store trace ids under', () => {
      const exemplar = asRecord(asArray(json('prometheus').exemplarTraceIdDestinations)[0]);
      assert.equal(exemplar.name, 'trace_id');
      const derived = asRecord(asArray(json('loki').derivedFields)[0]);
      // matcherType label reads a label or structured metadata by its name, and the link's
      // query is the value itself: the trace id.
      assert.deepEqual([derived.matcherType, derived.matcherRegex], ['label', 'trace_id']);
      assert.equal(expandProvisioned(String(derived.url), {}), '${__value.raw}');
    });

    test("Grafana's own $${__…} variables survive provisioning's $VAR expansion", () => {
      const text = readFileSync(setup.datasourcesFile, 'utf8');
      assert.ok(text.includes('$${__'));
      assert.doesNotMatch(text, /(^|[^$])\$\{__/m);
    });

    test("the dashboards it provisions are the repository's dashboards/", () => {
      const provider = asRecord(asArray(readYaml(setup.dashboardProvidersFile).providers)[0]);
      const path = expandProvisioned(String(asRecord(provider.options).path), grafana.environment);
      const source = mountedAt(setup, grafana.raw, path);
      assert.ok(source, `grafana mounts something at ${path}`);
      assert.equal(source, dirname(DASHBOARD_FILE));
    });

    test('every data source each dashboard refers to is provisioned, with the same type', () => {
      for (const file of DASHBOARD_FILES) {
        const refs = datasourceRefs(readJson(file));
        assert.ok(refs.length > 0, file);
        for (const ref of refs) assert.equal(typeByUid.get(ref.uid), ref.type, ref.where);
      }
    });
  });
}

describe('the Tempo data source beside npm start', () => {
  const datasources = provisionedDatasources(EMBEDDED);
  const tempo = datasources.find((source) => source.type === 'tempo');
  const json = asRecord(tempo?.jsonData);

  test('streams neither search nor metrics: the backend answers HTTP only', () => {
    assert.deepEqual(json.streamingEnabled, { search: false, metrics: false });
  });

  test("opens a span's logs with Jaeger's query, which needs only the trace id", () => {
    const jaeger = asRecord(datasources.find((source) => source.type === 'jaeger')?.jsonData);
    const toLogs = asRecord(json.tracesToLogsV2);
    assert.deepEqual(toLogs, asRecord(jaeger.tracesToLogsV2));
    const query = expandProvisioned(String(toLogs.query), grafanaService(EMBEDDED).environment);
    // No ${__tags}: the tags Grafana reads off a Tempo span cannot change the selector.
    assert.doesNotMatch(query, /__tags/);
    assert.equal(emptySelectorProblem(query), undefined, query);
  });

  const queries = tracesToMetricsQueries(tempo);
  test('has trace-to-metrics queries', () => assert.ok(queries.length > 0));
  for (const { name, query } of queries) {
    test(`trace to metrics "${name}" parses and reads the span metrics`, () => {
      const expanded = expandProvisioned(query, {}).replaceAll('${__span.name}', 'process_order');
      const names = promqlMetricNames(expanded);
      assert.ok(names.length > 0, expanded);
      for (const metric of names) assert.match(metric, /^traces_span_metrics_/, expanded);
    });
  }

  test('has the node graph on, for the service map of the Prometheus data source', () => {
    assert.deepEqual(json.nodeGraph, { enabled: true });
  });
});

test("every URL of the real stack's data sources is a compose service on a port it listens on", () => {
  for (const source of provisionedDatasources(GRAFANA_SETUPS[0] as GrafanaSetup)) {
    assert.equal(endpointProblem(services, String(source.url)), undefined, String(source.name));
  }
});

describe("the backend's own dashboard", () => {
  const backend = readJson(
    DASHBOARD_FILES.find((file) => file.endsWith('otel-lab-backend.json')) ?? '',
  );
  const queries = prometheusQueries(backend);

  test('is provisioned beside the lab dashboard (every file of dashboards/), with its own uid', () => {
    const files = readdirSync(dirname(DASHBOARD_FILE)).filter((name) => name.endsWith('.json'));
    assert.deepEqual(files.sort(), DASHBOARD_FILES.map((file) => basename(file)).sort());
    assert.deepEqual(
      DASHBOARD_FILES.map((file) => readJson(file).uid),
      ['otel-lab-demo-app', 'otel-lab-backend'],
    );
  });

  test('draws ingest, refusals, query latency by endpoint, storage and memory', () => {
    const exprOf = (title: RegExp) =>
      queries
        .filter((q) => title.test(q.panel))
        .map((q) => q.expr)
        .join(' ');
    assert.match(exprOf(/^Ingest rate$/), /otel_lab_receiver_accepted_spans_total/);
    assert.match(exprOf(/^Refusals$/), /otel_lab_receiver_refused_requests_total/);
    assert.match(
      exprOf(/latency p95 by endpoint/),
      /histogram_quantile\(0\.95, sum by \(le, handler\)/,
    );
    assert.match(exprOf(/^Storage$/), /otel_lab_storage_used_bytes/);
    assert.match(exprOf(/^Memory$/), /process_resident_memory_bytes/);
  });

  test('every query parses and selects the self-scrape job', () => {
    for (const query of queries) {
      assert.doesNotThrow(() => parseExpr(query.resolved), query.resolved);
      assert.match(query.expr, /job="otel-lab"/, query.panel);
    }
  });
});

describe('the dashboard', () => {
  test('has its fixed uid and at least four panels of standard types', () => {
    assert.equal(dashboard.uid, 'otel-lab-demo-app');
    assert.ok(Number(dashboard.schemaVersion) >= 39);
    assert.ok(panels.length >= 4, `${panels.length} panels`);
    const standard = new Set(['timeseries', 'stat', 'gauge', 'bargauge', 'table', 'heatmap']);
    for (const panel of panels) assert.ok(standard.has(String(panel.type)), String(panel.title));
  });

  test("has the lab's panels: rate, P95, errors, active requests, slowest traces", () => {
    const queries = prometheusQueries(dashboard);
    const exprOf = (title: RegExp) => queries.find((q) => title.test(q.panel));
    assert.match(exprOf(/request rate/i)?.expr ?? '', /rate\(app_requests_total/);
    assert.match(exprOf(/^P95 latency/)?.expr ?? '', /histogram_quantile\(0\.95, .*app_request_/);
    assert.match(exprOf(/error rate/i)?.expr ?? '', /status="error"/);
    assert.match(exprOf(/active requests/i)?.expr ?? '', /app_active_requests/);
    const traces = panels.find((panel) => /slowest/i.test(String(panel.title)));
    assert.equal(asRecord(traces?.datasource).type, 'jaeger');
    assert.equal(traces?.type, 'table');
  });

  test('exemplars are asked only of span metrics: scraped /metrics carry none', () => {
    // The JS Prometheus exporter writes no exemplars; the span metrics (the backend's, or the
    // Collector's span_metrics connector) carry each bucket's trace_id.
    const withExemplars = prometheusQueries(dashboard).filter((query) => query.exemplar);
    assert.ok(withExemplars.length > 0);
    for (const query of withExemplars) {
      assert.match(query.expr, /traces_span_metrics_duration_seconds_bucket/, query.panel);
    }
    const p95 = panels.find((panel) => panel.title === 'P95 latency');
    assert.equal(asRecord(asArray(p95?.targets)[0]).exemplar, false);
    assert.match(String(p95?.description), /no exemplars/);
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
