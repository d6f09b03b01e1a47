import { asArray, asRecord } from './stack-files.js';

/** A component id is `type` or `type/name`; both must be defined under their section. */
const KINDS = ['receivers', 'processors', 'exporters', 'connectors', 'extensions'] as const;
type Kind = (typeof KINDS)[number];

export interface Pipeline {
  id: string;
  receivers: string[];
  processors: string[];
  exporters: string[];
}

export function pipelinesOf(config: Record<string, unknown>): Pipeline[] {
  const list = (value: unknown) => asArray(value).map(String);
  return Object.entries(asRecord(asRecord(config.service).pipelines)).map(([id, value]) => {
    const pipeline = asRecord(value);
    return {
      id,
      receivers: list(pipeline.receivers),
      processors: list(pipeline.processors),
      exporters: list(pipeline.exporters),
    };
  });
}

/**
 * Every problem with how a Collector configuration (the OpenTelemetry Collector's, or Jaeger v2's,
 * which has the same shape) wires its components, each named with its path: components a
 * pipeline or service.extensions names but nobody defines, defined components nothing uses, and
 * connectors that are not both the end of one pipeline and the start of another.
 */
export function pipelineProblems(config: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const defined = (kind: Kind) => new Set(Object.keys(asRecord(config[kind])));
  const connectors = defined('connectors');
  const used = new Map<Kind, Set<string>>(KINDS.map((kind) => [kind, new Set()]));
  const use = (kind: Kind, id: string, where: string) => {
    if (!defined(kind).has(id)) problems.push(`${where}: ${id} is not defined under ${kind}`);
    used.get(kind)?.add(id);
  };
  const pipelines = pipelinesOf(config);
  if (pipelines.length === 0) problems.push('service.pipelines: none');
  for (const pipeline of pipelines) {
    const where = `service.pipelines.${pipeline.id}`;
    if (pipeline.receivers.length === 0) problems.push(`${where}.receivers: empty`);
    if (pipeline.exporters.length === 0) problems.push(`${where}.exporters: empty`);
    for (const id of pipeline.receivers) {
      use(connectors.has(id) ? 'connectors' : 'receivers', id, `${where}.receivers`);
    }
    for (const id of pipeline.processors) use('processors', id, `${where}.processors`);
    for (const id of pipeline.exporters) {
      use(connectors.has(id) ? 'connectors' : 'exporters', id, `${where}.exporters`);
    }
  }
  for (const id of asArray(asRecord(config.service).extensions).map(String)) {
    use('extensions', id, 'service.extensions');
  }
  for (const kind of KINDS) {
    for (const id of defined(kind)) {
      if (!used.get(kind)?.has(id)) problems.push(`${kind}.${id}: defined but not used`);
    }
  }
  for (const id of connectors) {
    const feeds = pipelines.some((p) => p.exporters.includes(id));
    const fed = pipelines.some((p) => p.receivers.includes(id));
    if (!feeds || !fed)
      problems.push(`connectors.${id}: must export from one pipeline into another`);
  }
  return problems;
}

/** Every `endpoint` value under a section (receivers' protocols nest theirs), with its path. */
export function endpointsUnder(section: unknown, path: string): { path: string; value: string }[] {
  const found: { path: string; value: string }[] = [];
  for (const [key, value] of Object.entries(asRecord(section))) {
    if (key === 'endpoint' && typeof value === 'string') found.push({ path, value });
    else found.push(...endpointsUnder(value, `${path}.${key}`));
  }
  return found;
}
