import { asArray, asRecord } from './stack-files.js';

/** What the tests need from a compose service. */
export interface ComposeService {
  name: string;
  raw: Record<string, unknown>;
  /** Ports the container listens on: `expose` plus the container side of `ports`. */
  containerPorts: Set<number>;
  environment: Record<string, string>;
}

/** The container side of a `ports` entry: "8080:8080", "127.0.0.1:3000:3000/tcp" or 9090. */
function containerPortOf(entry: unknown): number | undefined {
  if (typeof entry === 'number') return entry;
  if (typeof entry === 'string') return Number(entry.split(':').at(-1)?.split('/')[0]);
  const target = asRecord(entry).target;
  return typeof target === 'number' ? target : undefined;
}

function environmentOf(value: unknown): Record<string, string> {
  if (Array.isArray(value)) {
    return Object.fromEntries(
      value.map((item) => {
        const [key = '', ...rest] = String(item).split('=');
        return [key, rest.join('=')];
      }),
    );
  }
  return Object.fromEntries(Object.entries(asRecord(value)).map(([k, v]) => [k, String(v)]));
}

export function composeServices(compose: Record<string, unknown>): Map<string, ComposeService> {
  const services = new Map<string, ComposeService>();
  for (const [name, value] of Object.entries(asRecord(compose.services))) {
    const raw = asRecord(value);
    const containerPorts = new Set<number>();
    for (const entry of [...asArray(raw.expose), ...asArray(raw.ports)]) {
      const port = containerPortOf(entry);
      if (port !== undefined && Number.isInteger(port)) containerPorts.add(port);
    }
    services.set(name, { name, raw, containerPorts, environment: environmentOf(raw.environment) });
  }
  return services;
}

/** Host and port of `host:port`, `http://host:port/path` or `dns:///host:port`. */
export function hostPortOf(endpoint: string): { host: string; port: number } {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint) ? endpoint : `tcp://${endpoint}`;
  const url = new URL(withScheme.replace('dns:///', 'dns://'));
  const port = Number(url.port);
  if (!url.hostname || !Number.isInteger(port) || port === 0) {
    throw new Error(`no host and port in ${endpoint}`);
  }
  return { host: url.hostname, port };
}

/**
 * Problems with `endpoint` as seen from inside the stack: the host must be a compose service
 * that listens on the port.
 */
export function endpointProblem(
  services: Map<string, ComposeService>,
  endpoint: string,
): string | undefined {
  const { host, port } = hostPortOf(endpoint);
  const service = services.get(host);
  if (!service) return `${endpoint}: no compose service named ${host}`;
  if (!service.containerPorts.has(port)) {
    return `${endpoint}: ${host} listens on ${[...service.containerPorts].join(', ') || 'nothing'}`;
  }
  return undefined;
}
