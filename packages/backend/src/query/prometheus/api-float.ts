import { formatGoFloatF } from '../../metrics/go-float-format.js';

/**
 * A float as the Prometheus API writes sample and exemplar values: Go's 'f' form, switching to
 * 'e' (two-digit exponent, "1e-07") below 1e-6 and from 1e21 on; "+Inf", "-Inf", "NaN".
 */
export function formatApiFloat(x: number): string {
  const abs = Math.abs(x);
  if (!Number.isFinite(x) || abs === 0 || (abs >= 1e-6 && abs < 1e21)) return formatGoFloatF(x);
  const [mantissa, exponent = '0'] = x.toExponential().split('e');
  const sign = exponent.startsWith('-') ? '-' : '+';
  return `${mantissa}e${sign}${exponent.replace(/^[+-]/, '').padStart(2, '0')}`;
}

/** Milliseconds as the API's timestamps: seconds, with the milliseconds as decimals. */
export function apiTimestamp(ms: number): number {
  return ms / 1000;
}
