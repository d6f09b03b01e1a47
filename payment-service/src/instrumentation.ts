// Loaded first by main.ts: the SDK must hook `require` before express, pino and undici load.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTelemetry } from '@otel-lab/telemetry';

const { version } = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
  version: string;
};

export const telemetry = startTelemetry({
  serviceName: 'payment-service',
  serviceVersion: version,
});
