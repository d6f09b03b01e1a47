import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { pipelineProblems } from './collector-pipelines.js';

const check = (text: string) => pipelineProblems(parse(text) as Record<string, unknown>);

const GOOD = `
receivers: { otlp: {} }
processors: { batch: {} }
exporters: { debug: {} }
connectors: { span_metrics: {} }
service:
  pipelines:
    traces: { receivers: [otlp], processors: [batch], exporters: [debug, span_metrics] }
    metrics: { receivers: [span_metrics], exporters: [debug] }
`;

describe('pipelineProblems', () => {
  const rows: { name: string; config: string; problems: string[] }[] = [
    { name: 'a well-wired configuration', config: GOOD, problems: [] },
    {
      name: 'an exporter nobody defines',
      config: GOOD.replace('[debug, span_metrics]', '[otlp_grpc/jaeger, span_metrics]'),
      problems: [
        'service.pipelines.traces.exporters: otlp_grpc/jaeger is not defined under exporters',
      ],
    },
    {
      name: 'a processor nobody defines',
      config: GOOD.replace('processors: [batch]', 'processors: [batch, memory_limiter]'),
      problems: [
        'service.pipelines.traces.processors: memory_limiter is not defined under processors',
      ],
    },
    {
      name: 'a defined receiver nothing uses',
      config: GOOD.replace('otlp: {} }', 'otlp: {}, zipkin: {} }'),
      problems: ['receivers.zipkin: defined but not used'],
    },
    {
      name: 'a connector that feeds no pipeline',
      config: GOOD.replace('receivers: [span_metrics]', 'receivers: [otlp]'),
      problems: ['connectors.span_metrics: must export from one pipeline into another'],
    },
    {
      name: 'an extension named by the service but not defined',
      config: `${GOOD}  extensions: [health_check]\n`,
      problems: ['service.extensions: health_check is not defined under extensions'],
    },
    {
      name: 'no pipelines',
      config: 'receivers: {}\nservice: {}\n',
      problems: ['service.pipelines: none'],
    },
  ];
  for (const row of rows) {
    test(row.name, () => assert.deepEqual(check(row.config), row.problems));
  }
});
