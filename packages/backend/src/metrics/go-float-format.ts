/**
 * Go's float formatting, where Prometheus label values depend on it: histogram `le` and summary
 * `quantile` values are rendered by strconv.FormatFloat, and JS's own rendering differs from Go's
 * in where it switches to exponent notation.
 */

/** The shortest digits and decimal exponent of a finite, non-zero `x` (`1.5e+6` → 15, 6). */
function decompose(x: number): { negative: boolean; digits: string; exponent: number } {
  const text = Math.abs(x).toExponential();
  const e = text.indexOf('e');
  return {
    negative: x < 0,
    digits: text.slice(0, e).replace('.', ''),
    exponent: Number(text.slice(e + 1)),
  };
}

/** strconv.FormatFloat(x, 'f', -1, 64): plain decimal, never an exponent. */
export function formatGoFloatF(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : x > 0 ? '+Inf' : '-Inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const text = String(x);
  if (!text.includes('e')) return text;
  const { negative, digits, exponent } = decompose(x);
  const sign = negative ? '-' : '';
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  if (digits.length <= exponent + 1)
    return sign + digits + '0'.repeat(exponent + 1 - digits.length);
  return `${sign}${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
}

/** strconv.FormatFloat(x, 'g', -1, 64): exponent notation below 1e-4 and from 1e6 on (1e+06). */
export function formatGoFloatG(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : x > 0 ? '+Inf' : '-Inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const { negative, digits, exponent } = decompose(x);
  // With the shortest precision Go decides as if the precision were 6.
  if (exponent < -4 || exponent >= 6) {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exponent);
    return `${negative ? '-' : ''}${mantissa}e${exponent < 0 ? '-' : '+'}${e < 10 ? `0${e}` : e}`;
  }
  return formatGoFloatF(x);
}

/**
 * labels.FormatOpenMetricsFloat: Go's 'g' rendering with ".0" appended to integral values, the
 * form Prometheus 3 normalises scraped `le` and `quantile` label values to.
 */
export function formatOpenMetricsFloat(x: number): string {
  const text = formatGoFloatG(x);
  if (!Number.isFinite(x) || text.includes('e') || text.includes('.')) return text;
  return `${text}.0`;
}
