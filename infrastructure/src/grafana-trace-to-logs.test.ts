// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Grafana's ${…} variables are literal text here.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { skipWithout } from '@otel-lab/testkit';
import {
  emptySelectorProblem,
  expandProvisioned,
  GRAFANA_SETUPS,
  grafanaService,
  provisionedDatasources,
} from './grafana-provisioning.js';
import {
  type JaegerJsonTrace,
  spanLogsLink,
  type TraceToLogsSettings,
} from './grafana-trace-to-logs.js';
import { asRecord, ROOT, readJson } from './stack-files.js';

const TRACE_ID = '4a4d203f51b908b2a9caed64e236bc34';
const INSTANCE = '0f4c6b0e-7f1c-4d55-9a57-2b1e6f3a9c11';

/** The lab's order trace as Jaeger's GET /api/traces/{id} answers it: no service.name tag. */
const ORDER_TRACE: JaegerJsonTrace = {
  traceID: TRACE_ID,
  spans: [
    {
      traceID: TRACE_ID,
      spanID: 'a1a1a1a1a1a1a1a1',
      operationName: 'POST /api/orders',
      startTime: 1_800_000_000_000_000,
      duration: 760_000,
      processID: 'p1',
      tags: [{ key: 'http.route', value: '/api/orders' }],
    },
    {
      traceID: TRACE_ID,
      spanID: 'b2b2b2b2b2b2b2b2',
      operationName: 'POST /api/charge',
      startTime: 1_800_000_000_100_000,
      duration: 500_000,
      processID: 'p2',
      references: [{ refType: 'CHILD_OF', spanID: 'a1a1a1a1a1a1a1a1' }],
    },
  ],
  processes: {
    p1: {
      serviceName: 'demo-app',
      tags: [
        { key: 'service.instance.id', value: INSTANCE },
        { key: 'service.version', value: '0.1.0' },
        { key: 'deployment.environment.name', value: 'development' },
        { key: 'host.name', value: 'lab' },
      ],
    },
    p2: { serviceName: 'payment-service', tags: [] },
  },
};
const [ORDER_SPAN] = ORDER_TRACE.spans as [JaegerJsonTrace['spans'][number]];

/** Each Grafana's provisioned tracesToLogsV2, expanded as Grafana reads the file. */
function provisioned(setup: (typeof GRAFANA_SETUPS)[number]): TraceToLogsSettings {
  const jaeger = provisionedDatasources(setup).find((source) => source.type === 'jaeger');
  const settings = asRecord(asRecord(jaeger?.jsonData).tracesToLogsV2);
  const env = grafanaService(setup).environment;
  return {
    ...settings,
    ...(typeof settings.query === 'string'
      ? { query: expandProvisioned(settings.query, env) }
      : {}),
  } as TraceToLogsSettings;
}

describe("the provisioned 'Logs for this span' on a Jaeger trace", () => {
  for (const setup of GRAFANA_SETUPS) {
    for (const span of ORDER_TRACE.spans) {
      test(`${setup.name}, span ${span.operationName}: a query Loki accepts, for this trace`, () => {
        const link = spanLogsLink(ORDER_TRACE, span, provisioned(setup));
        assert.ok('query' in link, JSON.stringify(link));
        assert.equal(emptySelectorProblem(link.query), undefined, link.query);
        assert.ok(link.query.endsWith(`| trace_id="${TRACE_ID}"`), link.query);
      });
    }
  }
});

describe("Grafana's trace-to-logs rules", () => {
  const byTrace = ' | trace_id="${__trace.traceId}"';
  const cases: {
    name: string;
    settings: TraceToLogsSettings;
    query?: string;
    /** The query is one Loki refuses: its selector is empty. */
    refused?: boolean;
    hidden?: RegExp;
  }[] = [
    {
      // The stack's first provisioning: Jaeger never keeps service.name as a tag.
      name: 'service.name -> service_name with a custom {${__tags}} query makes {}',
      settings: {
        tags: [{ key: 'service.name', value: 'service_name' }],
        customQuery: true,
        query: `{\${__tags}}${byTrace}`,
      },
      query: `{} | trace_id="${TRACE_ID}"`,
      refused: true,
    },
    {
      name: 'service.name -> service_name without a custom query shows no link',
      settings: { tags: [{ key: 'service.name', value: 'service_name' }], filterByTraceID: true },
      hidden: /none of the tags/,
    },
    {
      name: 'the default tags find nothing on a lab span either',
      settings: { filterByTraceID: true },
      hidden: /none of the tags/,
    },
    {
      name: 'a tag Jaeger keeps: service.instance.id -> service_instance_id',
      settings: {
        tags: [{ key: 'service.instance.id', value: 'service_instance_id' }],
        customQuery: true,
        query: `{\${__tags}}${byTrace}`,
      },
      query: `{service_instance_id="${INSTANCE}"} | trace_id="${TRACE_ID}"`,
    },
    {
      name: 'several tags in the order of the span, an unmapped key as it is, $__tags without braces',
      settings: {
        tags: [{ key: 'name' }, { key: 'deployment.environment.name', value: 'env' }],
        customQuery: true,
        query: '{$__tags} |= "${__span.spanId}"',
      },
      query: `{env="development", name="POST /api/orders"} |= "${ORDER_SPAN.spanID}"`,
    },
    {
      name: 'without a custom query, the selector is built from the tags',
      settings: {
        tags: [{ key: 'service.instance.id', value: 'service_instance_id' }],
        filterByTraceID: true,
      },
      query: `{service_instance_id="${INSTANCE}"} | trace_id="${TRACE_ID}"`,
    },
    {
      name: 'a variable a span does not define hides the link',
      settings: { customQuery: true, query: '{service_name="${__value.raw}"}' },
      hidden: /\$\{__value\.raw\} is not defined/,
    },
  ];
  for (const { name, settings, query, refused, hidden } of cases) {
    test(name, () => {
      const link = spanLogsLink(ORDER_TRACE, ORDER_SPAN, settings);
      if (hidden) {
        assert.ok('hidden' in link, JSON.stringify(link));
        assert.match(link.hidden, hidden);
        return;
      }
      assert.ok('query' in link, JSON.stringify(link));
      assert.equal(link.query, query);
      assert.equal(emptySelectorProblem(link.query) !== undefined, refused === true, link.query);
    });
  }
});

const TRANSFORM = join(ROOT, '..', 'shared', 'conformance', 'jaeger-fixtures', 'transform');
test("Jaeger's own OTLP -> Jaeger JSON fixture keeps service.name out of the process tags", {
  skip: skipWithout(TRANSFORM, 'the ../shared conformance data'),
}, () => {
  const input = readJson(join(TRANSFORM, 'otlp2jaeger-in.json')) as {
    resourceSpans: { resource: { attributes: { key: string }[] } }[];
  };
  assert.ok(input.resourceSpans[0]?.resource.attributes.some((a) => a.key === 'service.name'));
  const output = readJson(join(TRANSFORM, 'otlp2jaeger-out.json')) as {
    data: JaegerJsonTrace[];
  };
  const trace = output.data[0] as JaegerJsonTrace;
  const span = trace.spans[0] as JaegerJsonTrace['spans'][number];
  assert.ok(Object.values(trace.processes).every((p) => p.serviceName !== ''));
  const serviceNameTag = spanLogsLink(trace, span, {
    tags: [{ key: 'service.name', value: 'service_name' }],
  });
  assert.ok('hidden' in serviceNameTag, JSON.stringify(serviceNameTag));
});
