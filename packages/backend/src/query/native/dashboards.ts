import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Dashboards larger than this are listed with an error instead of being read. */
const MAX_DASHBOARD_BYTES = 5 * 1024 * 1024;

export interface DashboardEntry {
  file: string;
  uid: string;
  title: string;
  panels: number;
  /** Why the file could not be used; uid and title are then the file name. */
  error?: string;
}

function panelCount(panels: unknown): number {
  if (!Array.isArray(panels)) return 0;
  // Rows hold their collapsed panels inside them, as Grafana writes them.
  return panels.reduce(
    (count: number, panel: { type?: string; panels?: unknown }) =>
      count + (panel?.type === 'row' ? panelCount(panel.panels) : 1),
    0,
  );
}

/** A dashboard file read and checked: Grafana dashboard JSON with at least a title. */
function read(dir: string, file: string): { entry: DashboardEntry; json?: unknown } {
  const fallback = { file, uid: file.replace(/\.json$/, ''), title: file, panels: 0 };
  try {
    const size = statSync(join(dir, file)).size;
    if (size > MAX_DASHBOARD_BYTES) {
      return { entry: { ...fallback, error: `larger than ${MAX_DASHBOARD_BYTES} bytes` } };
    }
    const json = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>;
    if (typeof json !== 'object' || json === null || typeof json.title !== 'string') {
      return { entry: { ...fallback, error: 'not a Grafana dashboard: no title' } };
    }
    const uid = typeof json.uid === 'string' && json.uid !== '' ? json.uid : fallback.uid;
    return { entry: { file, uid, title: json.title, panels: panelCount(json.panels) }, json };
  } catch (error) {
    // File system errors name the absolute path; the file name is enough to find the problem.
    const message = (error as Error).message.replaceAll(join(dir, file), file);
    return { entry: { ...fallback, error: message } };
  }
}

/**
 * The Grafana dashboard JSON files in one folder (dashboards/: the same files the real stack's
 * Grafana provisions), read on each request so an edited file shows at once.
 */
export function createDashboardFolder(dir: string) {
  const files = () => {
    try {
      return readdirSync(dir)
        .filter((name) => name.endsWith('.json'))
        .sort();
    } catch {
      return [];
    }
  };
  return {
    dir,
    list(): DashboardEntry[] {
      return files().map((file) => read(dir, file).entry);
    },
    /** The dashboard with this uid, or undefined. */
    get(uid: string): { entry: DashboardEntry; json?: unknown } | undefined {
      for (const file of files()) {
        const found = read(dir, file);
        if (found.entry.uid === uid) return found;
      }
      return undefined;
    },
  };
}

export type DashboardFolder = ReturnType<typeof createDashboardFolder>;
