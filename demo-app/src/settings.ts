import { readNumber, readPort, readUrl } from '@otel-lab/service-kit';

export interface DemoAppSettings {
  port: number;
  /** Where the SQLite shop database lives. */
  dataDir: string;
  paymentServiceUrl: URL;
  /** Multiplies the simulated latencies; 0 turns them off. */
  latencyScale: number;
}

export function readDemoAppSettings(env: NodeJS.ProcessEnv): DemoAppSettings {
  return {
    port: readPort(env, 8080),
    dataDir: env.DATA_DIR?.trim() || 'data/demo-app',
    paymentServiceUrl: readUrl(env, 'PAYMENT_SERVICE_URL', 'http://localhost:8081'),
    latencyScale: readNumber(env, 'LATENCY_SCALE', 1, { min: 0, max: 100 }),
  };
}
