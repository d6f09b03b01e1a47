/**
 * The backend's repeatable flags (`--rules a.yml --rules 'rules/*.yml'`): each given once per
 * value; without the flag, its OTEL_LAB_* variable holds the values comma-separated.
 */

export interface ListConfig {
  /** Rule file paths or globs, expanded as Prometheus expands `rule_files`. */
  rules: string[];
  /** Alertmanagers alerts are posted to (`/api/v2/alerts` under each). */
  alertmanagerUrls: string[];
}

export interface ListOption {
  key: keyof ListConfig;
  flag: string;
  env: string;
  placeholder: string;
  description: string;
  expected: string;
  parse: (text: string) => string | undefined;
}

/**
 * An http(s) base URL (an Alertmanager, --external-url): a host, perhaps a path prefix (as
 * Prometheus's `path_prefix`), without a trailing slash. Credentials, a query or a fragment would be dropped
 * or sent where they do not belong, so they are refused.
 */
export function parseHttpBaseUrl(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  const http = url.protocol === 'http:' || url.protocol === 'https:';
  if (!http || !url.host || url.search || url.hash || url.username || url.password) {
    return undefined;
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

export const LIST_OPTIONS: readonly ListOption[] = [
  {
    key: 'rules',
    flag: 'rules',
    env: 'OTEL_LAB_RULES',
    placeholder: 'FILE',
    description: 'Prometheus rule file to evaluate; a glob, repeatable',
    expected: 'a file path or glob such as rules/*.yml',
    parse: (text) => text || undefined,
  },
  {
    key: 'alertmanagerUrls',
    flag: 'alertmanager-url',
    env: 'OTEL_LAB_ALERTMANAGER_URL',
    placeholder: 'URL',
    description: 'Alertmanager to send alerts to; repeatable',
    expected:
      'an http(s) URL such as http://localhost:9093 (a path prefix is allowed; no credentials, query or fragment)',
    parse: parseHttpBaseUrl,
  },
];

/**
 * Each list option's values: its flags' (`given`, in order), else its variable's, comma-separated.
 * Problems are pushed onto `errors`, one per bad value.
 */
export function readListOptions(
  given: ReadonlyMap<string, readonly string[]>,
  env: NodeJS.ProcessEnv,
  errors: string[],
): ListConfig {
  const config: ListConfig = { rules: [], alertmanagerUrls: [] };
  for (const o of LIST_OPTIONS) {
    const flags = given.get(o.flag);
    const fromEnv = flags ? [] : (env[o.env] ?? '').split(',');
    const raws = (flags ?? fromEnv).map((text) => text.trim());
    for (const raw of raws) {
      if (raw === '' && !flags) continue; // an empty variable, or a trailing comma
      const value = o.parse(raw);
      const where = flags
        ? `--${o.flag} ${JSON.stringify(raw)} (${o.env})`
        : `${o.env}=${JSON.stringify(raw)} (--${o.flag})`;
      if (value === undefined) errors.push(`${where}: expected ${o.expected}`);
      else config[o.key].push(value);
    }
  }
  return config;
}
