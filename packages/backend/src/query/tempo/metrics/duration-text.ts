/**
 * The duration texts Tempo's metrics parameters take: Go's time.ParseDuration for `step`
 * ("30s", "1m30s", "1.5h", "250ms") and Prometheus's model.ParseDuration for `since` ("1h",
 * "2d", "1w"). Both to nanoseconds; undefined when the text is not one.
 */

const GO_UNITS: ReadonlyMap<string, number> = new Map([
  ['ns', 1],
  ['us', 1e3],
  ['µs', 1e3],
  ['μs', 1e3],
  ['ms', 1e6],
  ['s', 1e9],
  ['m', 60e9],
  ['h', 3600e9],
]);

const GO_PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;

export function parseGoDuration(text: string): bigint | undefined {
  let sign = 1n;
  let rest = text;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    if (rest.startsWith('-')) sign = -1n;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0n;
  if (rest === '') return undefined;
  let total = 0;
  GO_PART.lastIndex = 0;
  while (GO_PART.lastIndex < rest.length) {
    const match = GO_PART.exec(rest);
    if (match === null) return undefined;
    total += Number(match[1]) * (GO_UNITS.get(match[2] ?? '') ?? 0);
  }
  if (!Number.isFinite(total) || total > 9.2e18) return undefined;
  return sign * BigInt(Math.round(total));
}

const PROM_UNITS: ReadonlyMap<string, bigint> = new Map([
  ['ms', 1_000_000n],
  ['s', 1_000_000_000n],
  ['m', 60_000_000_000n],
  ['h', 3_600_000_000_000n],
  ['d', 86_400_000_000_000n],
  ['w', 604_800_000_000_000n],
  ['y', 31_536_000_000_000_000n],
]);

const PROM_DURATION = /^(?:\d+y)?(?:\d+w)?(?:\d+d)?(?:\d+h)?(?:\d+m)?(?:\d+s)?(?:\d+ms)?$/;
const PROM_PART = /(\d+)(ms|y|w|d|h|m|s)/g;

export function parsePromDuration(text: string): bigint | undefined {
  if (text === '0') return 0n;
  if (text === '' || !PROM_DURATION.test(text)) return undefined;
  let total = 0n;
  for (const match of text.matchAll(PROM_PART)) {
    total += BigInt(match[1] ?? '0') * (PROM_UNITS.get(match[2] ?? '') ?? 0n);
  }
  return total;
}
