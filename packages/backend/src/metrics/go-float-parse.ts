/**
 * Floats as Go's strconv.ParseFloat reads them, which is what Prometheus accepts in an
 * exposition: decimal and exponent forms, "Inf"/"Infinity" with an optional sign and "NaN", any
 * case. JS's Number() alone would also take hex, binary and octal, and turn an overflow into
 * Infinity where Go reports an error.
 */
export function parseGoFloat(token: string): number | undefined {
  if (token.length === 0) return undefined;
  let plain = true;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    // digits . + - e E
    if (!((c >= 48 && c <= 57) || c === 46 || c === 43 || c === 45 || c === 101 || c === 69)) {
      plain = false;
      break;
    }
  }
  if (plain) {
    const value = Number(token);
    return Number.isFinite(value) ? value : undefined;
  }
  switch (token.toLowerCase()) {
    case 'inf':
    case '+inf':
    case 'infinity':
    case '+infinity':
      return Number.POSITIVE_INFINITY;
    case '-inf':
    case '-infinity':
      return Number.NEGATIVE_INFINITY;
    case 'nan':
      return Number.NaN;
    default:
      return undefined;
  }
}
