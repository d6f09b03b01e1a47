/** Which URL answers which question, for the embedded backend and for the real stack. */
import { displayUrl, type GetJson, joinUrl } from './http.js';
import { embeddedLogs, type LogSource, lokiLogs } from './log-sources.js';
import type { VerifyOptions } from './options.js';

export interface Sources {
  app: string;
  payment: string;
  prometheus: string;
  jaeger: string;
  /** Where the order trace's logs are looked up (each must find them), or why they cannot be. */
  logs: LogSource[] | { unavailable: string };
  /** Tempo's API, for the TraceQL check, or why there is none. */
  tempo: { url: string } | { unavailable: string };
  grafana?: string;
  /** One line naming where everything is, for the top of the checklist. */
  description: string;
}

/** The data source uid the stack's Grafana provisioning gives Loki. */
export const GRAFANA_LOKI_UID = 'loki';

const hasLogin = (url: string) => {
  const parsed = new URL(url);
  return parsed.username !== '' || parsed.password !== '';
};

export function sourcesOf(options: VerifyOptions, get: GetJson): Sources {
  const { app, payment, stack } = options;
  const services = `demo-app ${app}, payment-service ${payment}`;
  if (stack.kind === 'embedded') {
    return {
      app,
      payment,
      prometheus: stack.backend,
      jaeger: stack.backend,
      // The backend's own log search, and the Loki API Grafana reads the same records through.
      logs: [
        embeddedLogs(get, stack.backend),
        lokiLogs(get, stack.backend, `the backend's Loki API (${displayUrl(stack.backend)})`),
      ],
      tempo: { url: stack.backend },
      description: `${services}, embedded backend ${stack.backend}`,
    };
  }
  let logs: Sources['logs'];
  if (stack.loki) logs = [lokiLogs(get, stack.loki, `Loki at ${displayUrl(stack.loki)}`)];
  else if (stack.grafana && hasLogin(stack.grafana)) {
    const proxy = joinUrl(stack.grafana, `/api/datasources/proxy/uid/${GRAFANA_LOKI_UID}`);
    logs = [
      lokiLogs(get, proxy, `Loki through Grafana's data source proxy (${displayUrl(proxy)})`),
    ];
  } else {
    logs = {
      unavailable:
        'the compose file does not publish Loki on the host: give --loki URL, or --grafana with its login (http://admin:PASSWORD@localhost:3000) to ask Loki through Grafana',
    };
  }
  const grafana = stack.grafana ? `, Grafana ${displayUrl(stack.grafana)}` : '';
  return {
    app,
    payment,
    prometheus: stack.prometheus,
    jaeger: stack.jaeger,
    logs,
    tempo: {
      unavailable:
        "the real stack has no Tempo: TraceQL is the embedded backend's (docs/lab.md, exercise 6)",
    },
    ...(stack.grafana ? { grafana: stack.grafana } : {}),
    description: `${services}, Prometheus ${stack.prometheus}, Jaeger ${stack.jaeger}${grafana}`,
  };
}
