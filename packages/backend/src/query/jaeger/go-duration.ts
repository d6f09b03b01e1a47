import { JaegerParamError } from './trace-id.js';

const UNIT_NS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  μs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

const PART = /^(\d*(?:\.\d*)?)(ns|us|µs|μs|ms|s|m|h)/;

/**
 * Go's time.ParseDuration, which Jaeger uses for minDuration and maxDuration: a signed sequence
 * of decimal numbers with units ("1.5h", "300ms", "1h2m"); a bare "0" is allowed. Nanoseconds.
 */
export function parseGoDuration(text: string): bigint {
  const invalid = () => new JaegerParamError(`time: invalid duration ${JSON.stringify(text)}`);
  let rest = text;
  let sign = 1n;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    if (rest.startsWith('-')) sign = -1n;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0n;
  if (rest === '') throw invalid();
  let total = 0;
  while (rest !== '') {
    const match = PART.exec(rest);
    const number = match?.[1] ?? '';
    if (!match || number === '' || number === '.') {
      // Digits without a unit; a lone '.' has no digits and is merely invalid, as in Go.
      if (/^(?:\d+(?:\.\d*)?|\.\d+)$/.test(rest)) {
        throw new JaegerParamError(`time: missing unit in duration ${JSON.stringify(text)}`);
      }
      throw invalid();
    }
    total += Number(number) * (UNIT_NS[match[2] as string] as number);
    rest = rest.slice(match[0].length);
  }
  return sign * BigInt(Math.round(total));
}

const LOOKBACK_UNIT_NS: Record<string, bigint> = {
  ...Object.fromEntries(Object.entries(UNIT_NS).map(([unit, ns]) => [unit, BigInt(ns)])),
  d: 86_400_000_000_000n,
  w: 604_800_000_000_000n,
};

/**
 * Jaeger UI's lookback values ("1h", "2d", "7d"), or undefined for "custom" and anything else:
 * Jaeger itself ignores the parameter, so an odd value is no error.
 */
export function parseLookback(text: string): bigint | undefined {
  const match = /^(\d+)(ns|us|µs|ms|s|m|h|d|w)$/.exec(text);
  if (!match) return undefined;
  return BigInt(match[1] as string) * (LOOKBACK_UNIT_NS[match[2] as string] as bigint);
}
