/**
 * The subset of prometheus.yml the embedded scraper understands, parsed with the `yaml` package
 * and validated the way Prometheus validates it: every problem is reported with its path, and
 * defaults (1m interval, 10s timeout, /metrics, http) are Prometheus's.
 *
 * Supported: global.scrape_interval, global.scrape_timeout (global.evaluation_interval is
 * accepted and ignored); per job job_name, scrape_interval, scrape_timeout, metrics_path, scheme,
 * honor_labels, params and static_configs (targets, labels). Other top-level sections (rule_files,
 * alerting, …) are ignored with a warning; any other field is an error, so a relabelling rule is
 * never silently dropped.
 */
import { parse as parseYaml } from 'yaml';
import { parsePrometheusDuration } from './prometheus-duration.js';

export interface StaticTargetGroup {
  /** host:port addresses, as Prometheus writes them. */
  targets: string[];
  labels: Record<string, string>;
}

export interface ScrapeJobConfig {
  jobName: string;
  scrapeIntervalMs: number;
  scrapeTimeoutMs: number;
  metricsPath: string;
  scheme: 'http' | 'https';
  honorLabels: boolean;
  /** URL query parameters added to every scrape of the job. */
  params: Record<string, string[]>;
  staticConfigs: StaticTargetGroup[];
  /**
   * Sent as "Authorization: Bearer …". Only the backend's scrape of itself sets it (its query
   * port asks a token beyond loopback); prometheus.yml's authorization is not read.
   */
  bearerToken?: string;
}

export interface ScrapeConfig {
  scrapeIntervalMs: number;
  scrapeTimeoutMs: number;
  jobs: ScrapeJobConfig[];
}

export type ScrapeConfigResult =
  | { config: ScrapeConfig; warnings: string[] }
  | { errors: string[]; warnings: string[] };

const DEFAULT_INTERVAL_MS = 60_000;
const DEFAULT_TIMEOUT_MS = 10_000;
const IGNORED_SECTIONS = new Set([
  'rule_files',
  'alerting',
  'remote_write',
  'remote_read',
  'storage',
  'tracing',
  'otlp',
  'runtime',
  'scrape_config_files',
]);
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

type YamlMap = Record<string, unknown>;

function isMap(value: unknown): value is YamlMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Collects errors with their paths while reading one document. */
class Reader {
  readonly errors: string[] = [];
  readonly warnings: string[] = [];

  error(path: string, message: string): void {
    this.errors.push(path === '' ? message : `${path}: ${message}`);
  }

  allowOnly(map: YamlMap, path: string, fields: readonly string[]): void {
    for (const key of Object.keys(map)) {
      if (!fields.includes(key)) this.error(path, `field ${key} is not supported`);
    }
  }

  duration(map: YamlMap, key: string, path: string): number | undefined {
    const value = map[key];
    if (value === undefined || value === null) return undefined;
    const parsed = parsePrometheusDuration(typeof value === 'string' ? value : String(value));
    if ('error' in parsed) {
      this.error(`${path}.${key}`, parsed.error);
      return undefined;
    }
    return parsed.ms;
  }

  string(map: YamlMap, key: string, path: string): string | undefined {
    const value = map[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') {
      this.error(`${path}.${key}`, 'expected a string');
      return undefined;
    }
    return value;
  }

  boolean(map: YamlMap, key: string, path: string): boolean | undefined {
    const value = map[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') {
      this.error(`${path}.${key}`, 'expected true or false');
      return undefined;
    }
    return value;
  }
}

/** Parses and validates a prometheus.yml; never throws. */
export function parseScrapeConfig(text: string): ScrapeConfigResult {
  const reader = new Reader();
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    return { errors: [`invalid YAML: ${(error as Error).message}`], warnings: [] };
  }
  if (document === null || document === undefined) document = {};
  if (!isMap(document)) return { errors: ['expected a mapping at the top level'], warnings: [] };

  for (const key of Object.keys(document)) {
    if (IGNORED_SECTIONS.has(key))
      reader.warnings.push(`${key} is ignored by the embedded scraper`);
    else if (key !== 'global' && key !== 'scrape_configs') {
      reader.error('', `field ${key} is not supported`);
    }
  }

  let intervalMs = DEFAULT_INTERVAL_MS;
  let timeoutMs = DEFAULT_TIMEOUT_MS;
  const global = document.global ?? {};
  if (!isMap(global)) {
    reader.error('global', 'expected a mapping');
  } else {
    reader.allowOnly(global, 'global', [
      'scrape_interval',
      'scrape_timeout',
      'evaluation_interval',
    ]);
    intervalMs = reader.duration(global, 'scrape_interval', 'global') ?? intervalMs;
    const explicitTimeout = reader.duration(global, 'scrape_timeout', 'global');
    reader.duration(global, 'evaluation_interval', 'global');
    if (explicitTimeout !== undefined && explicitTimeout > intervalMs) {
      reader.error('global', 'global scrape timeout greater than scrape interval');
    }
    // As Prometheus: an unset global timeout never exceeds the global interval.
    timeoutMs = explicitTimeout ?? Math.min(timeoutMs, intervalMs);
  }

  const jobs: ScrapeJobConfig[] = [];
  const scrapeConfigs = document.scrape_configs ?? [];
  if (!Array.isArray(scrapeConfigs)) {
    reader.error('scrape_configs', 'expected a list');
  } else {
    const names = new Set<string>();
    scrapeConfigs.forEach((entry, index) => {
      const job = readJob(reader, entry, `scrape_configs[${index}]`, intervalMs, timeoutMs);
      if (!job) return;
      if (names.has(job.jobName)) {
        reader.error(
          '',
          `found multiple scrape configs with job name ${JSON.stringify(job.jobName)}`,
        );
      }
      names.add(job.jobName);
      jobs.push(job);
    });
  }

  if (reader.errors.length > 0) return { errors: reader.errors, warnings: reader.warnings };
  return {
    config: { scrapeIntervalMs: intervalMs, scrapeTimeoutMs: timeoutMs, jobs },
    warnings: reader.warnings,
  };
}

const JOB_FIELDS = [
  'job_name',
  'scrape_interval',
  'scrape_timeout',
  'metrics_path',
  'scheme',
  'honor_labels',
  'params',
  'static_configs',
] as const;

function readJob(
  reader: Reader,
  entry: unknown,
  path: string,
  globalIntervalMs: number,
  globalTimeoutMs: number,
): ScrapeJobConfig | undefined {
  if (!isMap(entry)) {
    reader.error(path, 'empty or null scrape config section');
    return undefined;
  }
  const errorsBefore = reader.errors.length;
  reader.allowOnly(entry, path, JOB_FIELDS);
  const jobName = reader.string(entry, 'job_name', path) ?? '';
  if (jobName === '') reader.error(path, 'job_name is empty');

  const intervalMs = reader.duration(entry, 'scrape_interval', path) ?? globalIntervalMs;
  const explicitTimeout = reader.duration(entry, 'scrape_timeout', path);
  if (intervalMs === 0) reader.error(`${path}.scrape_interval`, 'must be greater than 0');
  if (explicitTimeout !== undefined && explicitTimeout > intervalMs) {
    reader.error(
      path,
      `scrape timeout greater than scrape interval for scrape config with job name ${JSON.stringify(jobName)}`,
    );
  }
  const timeoutMs = explicitTimeout ?? Math.min(globalTimeoutMs, intervalMs);
  if (timeoutMs === 0) reader.error(`${path}.scrape_timeout`, 'must be greater than 0');

  const metricsPath = reader.string(entry, 'metrics_path', path) ?? '/metrics';
  if (!metricsPath.startsWith('/')) reader.error(`${path}.metrics_path`, 'must start with "/"');
  const scheme = reader.string(entry, 'scheme', path) ?? 'http';
  if (scheme !== 'http' && scheme !== 'https') {
    reader.error(`${path}.scheme`, `unknown scheme ${JSON.stringify(scheme)} (http or https)`);
  }
  const honorLabels = reader.boolean(entry, 'honor_labels', path) ?? false;
  const params = readParams(reader, entry.params, `${path}.params`);
  const staticConfigs = readStaticConfigs(reader, entry.static_configs, `${path}.static_configs`);

  if (reader.errors.length > errorsBefore) return undefined;
  return {
    jobName,
    scrapeIntervalMs: intervalMs,
    scrapeTimeoutMs: timeoutMs,
    metricsPath,
    scheme: scheme as 'http' | 'https',
    honorLabels,
    params,
    staticConfigs,
  };
}

function readParams(reader: Reader, value: unknown, path: string): Record<string, string[]> {
  const params: Record<string, string[]> = {};
  if (value === undefined || value === null) return params;
  if (!isMap(value)) {
    reader.error(path, 'expected a mapping of names to lists of values');
    return params;
  }
  for (const [name, values] of Object.entries(value)) {
    if (!Array.isArray(values) || !values.every((v) => typeof v === 'string')) {
      reader.error(`${path}.${name}`, 'expected a list of strings');
      continue;
    }
    params[name] = values;
  }
  return params;
}

function readStaticConfigs(reader: Reader, value: unknown, path: string): StaticTargetGroup[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    reader.error(path, 'expected a list');
    return [];
  }
  const groups: StaticTargetGroup[] = [];
  value.forEach((group, index) => {
    const groupPath = `${path}[${index}]`;
    if (!isMap(group)) {
      reader.error(groupPath, 'expected a mapping with targets and labels');
      return;
    }
    reader.allowOnly(group, groupPath, ['targets', 'labels']);
    const targets: string[] = [];
    const rawTargets = group.targets ?? [];
    if (!Array.isArray(rawTargets)) reader.error(`${groupPath}.targets`, 'expected a list');
    else {
      rawTargets.forEach((target, i) => {
        const error = targetAddressError(target);
        if (error) reader.error(`${groupPath}.targets[${i}]`, error);
        else targets.push(target as string);
      });
    }
    const labels: Record<string, string> = {};
    const rawLabels = group.labels ?? {};
    if (!isMap(rawLabels)) reader.error(`${groupPath}.labels`, 'expected a mapping');
    else {
      for (const [name, labelValue] of Object.entries(rawLabels)) {
        if (!LABEL_NAME.test(name)) {
          reader.error(`${groupPath}.labels`, `${JSON.stringify(name)} is not a valid label name`);
        } else if (name.startsWith('__')) {
          reader.error(
            `${groupPath}.labels`,
            `${JSON.stringify(name)} is reserved (it starts with __)`,
          );
        } else if (typeof labelValue !== 'string') {
          reader.error(`${groupPath}.labels.${name}`, 'expected a string');
        } else {
          labels[name] = labelValue;
        }
      }
    }
    groups.push({ targets, labels });
  });
  return groups;
}

/** Why `target` is not a host:port address, or undefined when it is one. */
function targetAddressError(target: unknown): string | undefined {
  if (typeof target !== 'string' || target === '') return 'expected a host:port address';
  if (target.includes('/')) {
    return `${JSON.stringify(target)} is not a valid address: no scheme or path (use scheme and metrics_path)`;
  }
  if (!/^(\[[0-9a-fA-F:.]+\]|[^\s:[\]]+)(:\d{1,5})?$/.test(target)) {
    return `${JSON.stringify(target)} is not a valid host:port address`;
  }
  return undefined;
}

/** Where the lab's two services listen, for the default configuration. */
export interface LabTargets {
  demoApp: string;
  paymentService: string;
}

/**
 * What the embedded backend scrapes without --scrape-config: both services' /metrics at the
 * addresses given (e.g. localhost:8080 and localhost:8081), every 15 s unless told otherwise: a
 * lab wants fresh charts sooner than Prometheus's 1m default gives them.
 */
export function defaultScrapeConfig(targets: LabTargets, intervalMs = 15_000): ScrapeConfig {
  const job = (jobName: string, address: string): ScrapeJobConfig => ({
    jobName,
    scrapeIntervalMs: intervalMs,
    scrapeTimeoutMs: Math.min(DEFAULT_TIMEOUT_MS, intervalMs),
    metricsPath: '/metrics',
    scheme: 'http',
    honorLabels: false,
    params: {},
    staticConfigs: [{ targets: [address], labels: {} }],
  });
  return {
    scrapeIntervalMs: intervalMs,
    scrapeTimeoutMs: Math.min(DEFAULT_TIMEOUT_MS, intervalMs),
    jobs: [job('demo-app', targets.demoApp), job('payment-service', targets.paymentService)],
  };
}
