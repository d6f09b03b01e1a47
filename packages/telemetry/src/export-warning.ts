import { setGlobalErrorHandler } from '@opentelemetry/core';

export interface ExportWarningOptions {
  endpoint: string;
  /** At most one warning per interval; the next one says how many were silenced. */
  intervalMs: number;
  warn: (message: string) => void;
  now?: () => number;
}

export interface ExportHealth {
  /** True while errors keep coming: one within the last interval. */
  failing(): boolean;
}

/**
 * With no backend listening, every batch fails. People need to hear that once, with the endpoint,
 * not a stream of stack traces, and the service must keep serving; so export errors become one
 * rate-limited warning.
 */
export function installExportWarning(options: ExportWarningOptions): ExportHealth {
  const now = options.now ?? Date.now;
  let lastWarnedAt = Number.NEGATIVE_INFINITY;
  let silenced = 0;
  let lastErrorAt = Number.NEGATIVE_INFINITY;
  setGlobalErrorHandler((error) => {
    const at = now();
    lastErrorAt = at;
    if (at - lastWarnedAt < options.intervalMs) {
      silenced += 1;
      return;
    }
    const reason = error instanceof Error ? error.message : String(error);
    const extra = silenced > 0 ? ` (${silenced} similar errors silenced)` : '';
    options.warn(
      `telemetry error (exporting to ${options.endpoint}): ${reason}; telemetry may be lost, requests are served as usual${extra}`,
    );
    lastWarnedAt = at;
    silenced = 0;
  });
  return { failing: () => now() - lastErrorAt < options.intervalMs };
}
