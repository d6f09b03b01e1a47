import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { OtlpJsonKeyValue } from '../storage/compact-attributes.js';
import { resourceStream } from './stream-labels.js';

const text = (key: string, value: string): OtlpJsonKeyValue => ({
  key,
  value: { stringValue: value },
});

test('a resource becomes a stream of promoted attributes and metadata of the rest', () => {
  const cases: {
    name: string;
    attributes: OtlpJsonKeyValue[];
    labels: Record<string, string>;
    metadata: [string, string][];
  }[] = [
    {
      name: 'service.name and promoted attributes with dots as underscores',
      attributes: [
        text('service.name', 'demo-app'),
        text('deployment.environment.name', 'lab'),
        text('k8s.pod.name', 'pod-1'),
        text('host.name', 'laptop'),
        { key: 'process.pid', value: { intValue: '42' } },
      ],
      labels: {
        deployment_environment_name: 'lab',
        k8s_pod_name: 'pod-1',
        service_name: 'demo-app',
      },
      metadata: [
        ['host_name', 'laptop'],
        ['process_pid', '42'],
      ],
    },
    {
      name: 'no service.name: unknown_service',
      attributes: [text('host.name', 'h')],
      labels: { service_name: 'unknown_service' },
      metadata: [['host_name', 'h']],
    },
    {
      name: 'an empty service.name is none',
      attributes: [text('service.name', '')],
      labels: { service_name: 'unknown_service' },
      metadata: [],
    },
    {
      name: 'no service.name: a promoted k8s container name gives it',
      attributes: [text('k8s.namespace.name', 'shop'), text('k8s.container.name', 'cart')],
      labels: { k8s_container_name: 'cart', k8s_namespace_name: 'shop', service_name: 'cart' },
      metadata: [],
    },
    {
      name: 'an int service.name is text',
      attributes: [{ key: 'service.name', value: { intValue: '7' } }],
      labels: { service_name: '7' },
      metadata: [],
    },
    {
      name: 'a map attribute is flattened with its key as prefix',
      attributes: [
        text('service.name', 's'),
        { key: 'app', value: { kvlistValue: { values: [text('team.name', 'core')] } } },
      ],
      labels: { service_name: 's' },
      metadata: [['app_team_name', 'core']],
    },
    {
      name: 'an empty promoted value is no label',
      attributes: [text('service.name', 's'), text('service.namespace', '')],
      labels: { service_name: 's' },
      metadata: [],
    },
  ];
  for (const c of cases) {
    const stream = resourceStream(c.attributes);
    assert.deepEqual(
      stream.labels,
      Object.entries(c.labels).map(([name, value]) => ({ name, value })),
      c.name,
    );
    assert.deepEqual(
      stream.metadata.map((m) => [m.name, m.value]),
      c.metadata,
      c.name,
    );
  }
});
