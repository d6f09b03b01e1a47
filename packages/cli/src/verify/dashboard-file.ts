import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { DashboardFile } from './checks/dashboard.js';

/** Reads the dashboard before any check, so a bad --dashboard is a usage error of its own. */
export function readDashboard(file: string): DashboardFile | { error: string } {
  const shown = relative(process.cwd(), file) || file;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    return { error: `--dashboard ${shown}: cannot read it (${code})` };
  }
  try {
    const json: unknown = JSON.parse(text);
    if (json === null || typeof json !== 'object' || Array.isArray(json)) {
      return { error: `--dashboard ${shown}: not a Grafana dashboard (a JSON object)` };
    }
    // A dashboard exported with its API envelope has it under "dashboard".
    const inner = (json as { dashboard?: unknown }).dashboard;
    const dashboard = inner !== null && typeof inner === 'object' ? inner : json;
    return { path: shown, json: dashboard as Record<string, unknown> };
  } catch (error) {
    return { error: `--dashboard ${shown}: not JSON: ${(error as Error).message}` };
  }
}
