import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** The repository root, from infrastructure/dist. */
export const ROOT = join(__dirname, '..', '..');
export const STACK_DIR = join(ROOT, 'infrastructure', 'docker-compose');
export const COMPOSE_FILE = join(STACK_DIR, 'observability-stack.yml');
export const PROMETHEUS_CONFIG = join(STACK_DIR, 'prometheus.yml');
export const ALERTMANAGER_CONFIG = join(STACK_DIR, 'alertmanager.yml');
export const COLLECTOR_CONFIG = join(STACK_DIR, 'otel-collector.yaml');
export const DATASOURCES_FILE = join(
  STACK_DIR,
  'grafana/provisioning/datasources/datasources.yaml',
);
export const DASHBOARD_PROVIDERS_FILE = join(
  STACK_DIR,
  'grafana/provisioning/dashboards/dashboards.yaml',
);
export const DASHBOARD_FILE = join(ROOT, 'dashboards', 'demo-app.json');
/** The lab's Prometheus rules and their unit tests in promtool's format. */
export const RULES_DIR = join(ROOT, 'infrastructure', 'rules');
export const LAB_RULES_FILE = join(RULES_DIR, 'lab.rules.yml');
export const LAB_RULES_TEST_FILE = join(RULES_DIR, 'lab.rules.test.yml');
/** Every dashboard both Grafana setups provision: the lab's, then the backend's own. */
export const DASHBOARD_FILES = ['demo-app.json', 'otel-lab-backend.json'].map((file) =>
  join(ROOT, 'dashboards', file),
);

/** The Grafana a person runs beside `npm start`, provisioned for the embedded backend. */
export const EMBEDDED_GRAFANA_DIR = join(ROOT, 'infrastructure', 'grafana-embedded');
export const EMBEDDED_COMPOSE_FILE = join(EMBEDDED_GRAFANA_DIR, 'compose.yml');
export const EMBEDDED_GRAFANA_INI = join(EMBEDDED_GRAFANA_DIR, 'grafana.ini');
export const EMBEDDED_DATASOURCES_FILE = join(
  EMBEDDED_GRAFANA_DIR,
  'provisioning/datasources/datasources.yaml',
);
export const EMBEDDED_DASHBOARD_PROVIDERS_FILE = join(
  EMBEDDED_GRAFANA_DIR,
  'provisioning/dashboards/dashboards.yaml',
);

/** A YAML file as plain data; the tests check its shape themselves. */
export function readYaml(path: string): Record<string, unknown> {
  const value: unknown = parse(readFileSync(path, 'utf8'));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${path}: not a YAML mapping`);
  }
  return value as Record<string, unknown>;
}

export function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

/** `value` as a mapping, or an empty one: configs leave many sections out. */
export function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
