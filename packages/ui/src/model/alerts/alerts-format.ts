/** Display text for the alerts page; every input is a number or a time, never telemetry markup. */

/** An evaluation's duration (seconds) as Prometheus's rules page shows it: 1.2ms, 3.45s. */
export function formatEvaluationTime(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–';
  if (seconds < 0.001) return `${Number((seconds * 1e6).toFixed(0))}µs`;
  if (seconds < 1) return `${Number((seconds * 1000).toFixed(1))}ms`;
  return `${Number(seconds.toFixed(2))}s`;
}

/** An alert's value: a few significant digits, the API's text when it is not a number. */
export function formatAlertValue(value: string): string {
  const number = Number(value);
  if (value === '' || !Number.isFinite(number)) return value;
  return String(Number(number.toPrecision(4)));
}

/** A time in the reader's zone, for a tooltip; a dash for none or Go's zero time ("never"). */
export function localTime(time: string | undefined): string {
  const ms = Date.parse(time ?? '');
  return Number.isNaN(ms) || time?.startsWith('0001-') ? '–' : new Date(ms).toLocaleString();
}
