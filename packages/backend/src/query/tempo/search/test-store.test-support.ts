import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeTracesJson } from '@otel-lab/otlp';
import { openTelemetryStore } from '../../../storage/telemetry-store.js';

/** A store on a temp dir holding the given OTLP/JSON trace requests; close() removes it. */
export async function openTestStore(otlpJson: readonly unknown[]) {
  const dataDir = mkdtempSync(join(tmpdir(), 'tempo-search-'));
  const store = await openTelemetryStore({ dataDir });
  for (const body of otlpJson) {
    await store.writeSpans(decodeTracesJson(Buffer.from(JSON.stringify(body))).items);
  }
  return {
    store,
    close() {
      store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
