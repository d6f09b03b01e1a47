/**
 * The backend's OpenMetrics import (`main.js import --openmetrics`), run as its own process with
 * the backend stopped: how bench:promql and bench:isolation load their data set.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

export const BACKEND_MAIN = join(__dirname, '..', '..', 'packages', 'backend', 'dist', 'main.js');

/** Imports `file` into `dataDir`; the rate the import reports (samples/s). */
export async function importOpenMetrics(
  file: string,
  dataDir: string,
  main = BACKEND_MAIN,
): Promise<number> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [main, 'import', '--openmetrics', file, '--data-dir', dataDir],
    { maxBuffer: 16 * 1024 * 1024 },
  );
  const rate = /\(([\d,]+) samples\/s\)/.exec(stdout)?.[1];
  if (!rate) throw new Error(`the import did not report its rate: ${stdout}`);
  return Number(rate.replaceAll(',', ''));
}
