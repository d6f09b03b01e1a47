/** The reload's outcome among the backend's own metrics, under Prometheus's names. */
import { Gauge, type Registry } from 'prom-client';
import type { RuleReloader } from './rule-reloader.js';

export function registerReloadMetrics(registry: Registry, reloader: RuleReloader): void {
  new Gauge({
    name: 'prometheus_config_last_reload_successful',
    help: 'Whether the last configuration reload attempt was successful.',
    registers: [registry],
    collect() {
      this.set(reloader.lastSuccessful() ? 1 : 0);
    },
  });
  new Gauge({
    name: 'prometheus_config_last_reload_success_timestamp_seconds',
    help: 'Timestamp of the last successful configuration reload.',
    registers: [registry],
    collect() {
      this.set(reloader.lastSuccessAt() / 1000);
    },
  });
}
