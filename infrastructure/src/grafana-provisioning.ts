import { join } from 'node:path';
import { compileAnchored } from '@otel-lab/promql';
import { composeServices } from './compose-model.js';
import {
  asArray,
  asRecord,
  COMPOSE_FILE,
  DASHBOARD_PROVIDERS_FILE,
  DATASOURCES_FILE,
  EMBEDDED_COMPOSE_FILE,
  EMBEDDED_DASHBOARD_PROVIDERS_FILE,
  EMBEDDED_DATASOURCES_FILE,
  EMBEDDED_GRAFANA_DIR,
  readYaml,
  STACK_DIR,
} from './stack-files.js';

/** One provisioned Grafana: its files, and the compose file that runs it. */
export interface GrafanaSetup {
  name: string;
  datasourcesFile: string;
  dashboardProvidersFile: string;
  composeFile: string;
  /** The folder the compose file's relative paths start from. */
  composeDir: string;
}

/** The real stack's Grafana and the one beside `npm start`: both are checked alike. */
export const GRAFANA_SETUPS: readonly GrafanaSetup[] = [
  {
    name: "the real stack's Grafana",
    datasourcesFile: DATASOURCES_FILE,
    dashboardProvidersFile: DASHBOARD_PROVIDERS_FILE,
    composeFile: COMPOSE_FILE,
    composeDir: STACK_DIR,
  },
  {
    name: 'the Grafana beside the embedded backend',
    datasourcesFile: EMBEDDED_DATASOURCES_FILE,
    dashboardProvidersFile: EMBEDDED_DASHBOARD_PROVIDERS_FILE,
    composeFile: EMBEDDED_COMPOSE_FILE,
    composeDir: EMBEDDED_GRAFANA_DIR,
  },
];

/**
 * A provisioning value as Grafana reads it: `$NAME` and `${NAME}` from `env` (empty when
 * unset, as Go's os.ExpandEnv), and `$$` a literal dollar sign.
 */
export function expandProvisioned(value: string, env: Record<string, string>): string {
  return value
    .split('$$')
    .map((part) =>
      part.replace(/\$\{([^}]*)\}|\$(\w+)/g, (_, braced?: string, bare?: string) => {
        return env[braced ?? bare ?? ''] ?? '';
      }),
    )
    .join('$');
}

export const provisionedDatasources = (setup: GrafanaSetup) =>
  asArray(readYaml(setup.datasourcesFile).datasources).map(asRecord);

/** The service that runs Grafana in the setup's compose file. */
export function grafanaService(setup: GrafanaSetup) {
  const service = composeServices(readYaml(setup.composeFile)).get('grafana');
  if (!service) throw new Error(`${setup.composeFile}: no grafana service`);
  return service;
}

/** The host path the compose service mounts at `target`, or undefined. */
export function mountedAt(
  setup: GrafanaSetup,
  raw: Record<string, unknown>,
  target: string,
): string | undefined {
  const mount = asArray(raw.volumes)
    .map((entry) => String(entry).split(':'))
    .find(([, at]) => at === target);
  return mount ? join(setup.composeDir, mount[0] ?? '') : undefined;
}

/** A link from one data source to another, as Grafana follows it. */
export interface DatasourceLink {
  name: string;
  uids: unknown[];
  /** The type of data source the link must land on. */
  type: string;
}

/** Exemplars to traces, traces to logs and metrics, logs to traces, and Tempo's service map. */
export function datasourceLinks(datasources: Record<string, unknown>[]): DatasourceLink[] {
  const json = (type: string) =>
    asRecord(datasources.find((source) => source.type === type)?.jsonData);
  const links: DatasourceLink[] = [
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
  const toMetrics = json('jaeger').tracesToMetrics;
  if (toMetrics !== undefined) {
    links.push({
      name: "Jaeger's spans open their span metrics in Prometheus",
      uids: [asRecord(toMetrics).datasourceUid],
      type: 'prometheus',
    });
  }
  if (datasources.some((source) => source.type === 'tempo')) {
    const tempo = json('tempo');
    links.push(
      {
        name: "Tempo's traces open their logs in Loki",
        uids: [asRecord(tempo.tracesToLogsV2).datasourceUid],
        type: 'loki',
      },
      {
        name: "Tempo's spans open their span metrics in Prometheus",
        uids: [asRecord(tempo.tracesToMetrics).datasourceUid],
        type: 'prometheus',
      },
      {
        name: "Tempo's service map reads the service graph metrics in Prometheus",
        uids: [asRecord(tempo.serviceMap).datasourceUid],
        type: 'prometheus',
      },
    );
  }
  return links;
}

/**
 * Why the stream selector that starts `query` could match nothing for Loki, or undefined: Loki
 * refuses a selector without one matcher that the empty value fails (`{}`, `{a=~".*"}`).
 */
export function emptySelectorProblem(query: string): string | undefined {
  const selector = /^\s*\{([^}]*)\}/.exec(query)?.[1];
  if (selector === undefined) return `${query}: no stream selector`;
  for (const [, op, value] of selector.matchAll(/\w+\s*(=~|=)\s*"((?:[^"\\]|\\.)*)"/g)) {
    const matchesEmpty = op === '=' ? value === '' : compileAnchored(value ?? '').test('');
    if (!matchesEmpty) return undefined;
  }
  return `${query}: {${selector}} has no matcher that excludes the empty value`;
}
