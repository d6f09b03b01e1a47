/**
 * A resource's Loki stream, as Loki's OTLP endpoint builds it with its default configuration:
 * the promoted resource attributes are index labels, every other resource attribute is
 * structured metadata of each record.
 */
import type { Label, Labels } from '@otel-lab/promql';
import type { OtlpJsonKeyValue } from '../storage/compact-attributes.js';
import { anyValueText } from './any-value-text.js';
import { flattenAttribute, type NamedValue } from './flatten-attributes.js';

/** Loki's default `default_resource_attributes_as_index_labels` (distributor.otlp). */
export const PROMOTED_RESOURCE_ATTRIBUTES: ReadonlySet<string> = new Set([
  'service.name',
  'service.namespace',
  'service.instance.id',
  'deployment.environment',
  'deployment.environment.name',
  'cloud.region',
  'cloud.availability_zone',
  'k8s.cluster.name',
  'k8s.namespace.name',
  'k8s.pod.name',
  'k8s.container.name',
  'container.name',
  'k8s.replicaset.name',
  'k8s.deployment.name',
  'k8s.statefulset.name',
  'k8s.daemonset.name',
  'k8s.cronjob.name',
  'k8s.job.name',
]);

/**
 * Loki's default `discover_service_name`: without a service.name, the first index label (in
 * the resource's order) named one of these gives service_name its value.
 */
export const SERVICE_NAME_SOURCES: ReadonlySet<string> = new Set([
  'service',
  'app',
  'application',
  'app_name',
  'name',
  'app_kubernetes_io_name',
  'container',
  'container_name',
  'k8s_container_name',
  'component',
  'workload',
  'job',
  'k8s_job_name',
]);

export const SERVICE_NAME_LABEL = 'service_name';
export const UNKNOWN_SERVICE = 'unknown_service';

export interface ResourceStream {
  /** Index labels, sorted by name; empty values are left out, as Loki's label sets do. */
  labels: Labels;
  /** The other resource attributes, flattened, in the resource's order. */
  metadata: NamedValue[];
}

const byName = (a: Label, b: Label) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export function resourceStream(
  attributes: readonly OtlpJsonKeyValue[] | undefined,
): ResourceStream {
  const index = new Map<string, string>();
  const metadata: NamedValue[] = [];
  const list = attributes ?? [];
  let hasServiceName = list.some(
    (kv) => kv.key === 'service.name' && anyValueText(kv.value) !== '',
  );
  for (const kv of list) {
    if (!PROMOTED_RESOURCE_ATTRIBUTES.has(kv.key)) {
      flattenAttribute(kv.key, kv.value, metadata);
      continue;
    }
    const labels: NamedValue[] = [];
    flattenAttribute(kv.key, kv.value, labels);
    for (const label of labels) {
      index.set(label.name, label.value);
      if (!hasServiceName && SERVICE_NAME_SOURCES.has(label.name)) {
        index.set(SERVICE_NAME_LABEL, label.value);
        hasServiceName = true;
      }
    }
  }
  if (!hasServiceName) index.set(SERVICE_NAME_LABEL, UNKNOWN_SERVICE);
  const labels = [...index]
    .filter(([, value]) => value !== '')
    .map(([name, value]) => ({ name, value }))
    .sort(byName);
  return { labels, metadata };
}
