// LogQL's literals: Go durations (with Prometheus's d, w, y), humanized byte sizes and numbers, both in
// queries and in label values read by duration/bytes filters and unwrap conversions.

const durationUnitsNs: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n,
  μs: 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
  d: 86_400_000_000_000n,
  w: 604_800_000_000_000n,
  y: 31_536_000_000_000_000n,
};

// Numbers are written so that a run of digits splits one way only: label values reach these
// patterns, and an ambiguous `\d+\.?\d*` backtracks quadratically on a long run of digits.
const durationText = /^[-+]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h|d|w|y))+$/;
const durationPart = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h|d|w|y)/g;

/**
 * Parses a duration as Go's time.ParseDuration does, also taking d, w and y as Loki's lexer does
 * (falling back to Prometheus's model.ParseDuration); `0` alone is zero. Nanoseconds, or undefined.
 */
export function parseDurationNs(text: string): bigint | undefined {
  if (text === '0' || text === '+0' || text === '-0') return 0n;
  if (!durationText.test(text)) return undefined;
  let total = 0n;
  for (const [, count, unit] of text.matchAll(durationPart)) {
    const size = durationUnitsNs[unit as string] as bigint;
    const [whole, fraction = ''] = (count as string).split('.');
    total += BigInt(whole || '0') * size;
    if (fraction !== '') {
      const scale = 10n ** BigInt(fraction.length);
      total += (BigInt(fraction) * size) / scale;
    }
  }
  return text.startsWith('-') ? -total : total;
}

const byteUnits: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1e3,
  kb: 1e3,
  ki: 1024,
  kib: 1024,
  m: 1e6,
  mb: 1e6,
  mi: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1e9,
  gb: 1e9,
  gi: 1024 ** 3,
  gib: 1024 ** 3,
  t: 1e12,
  tb: 1e12,
  ti: 1024 ** 4,
  tib: 1024 ** 4,
  p: 1e15,
  pb: 1e15,
  pi: 1024 ** 5,
  pib: 1024 ** 5,
  e: 1e18,
  eb: 1e18,
  ei: 1024 ** 6,
  eib: 1024 ** 6,
};

/** Go's time.ParseDuration alone (units ns to h), as Loki reads duration label values. */
export function parseGoDurationNs(text: string): bigint | undefined {
  return /[dwy]/.test(text) ? undefined : parseDurationNs(text);
}

/** Parses a byte size as go-humanize's ParseBytes (`42`, `2KB`, `3 MiB`, case-insensitive), or undefined. */
export function parseBytes(text: string): number | undefined {
  const m = /^\s*((?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?)\s*([a-zA-Z]*)\s*$/.exec(
    text.replaceAll(',', ''),
  );
  if (!m) return undefined;
  const unit = byteUnits[(m[2] as string).toLowerCase()];
  if (unit === undefined) return undefined;
  return Number(m[1]) * unit;
}

/** Parses a number as Go's strconv.ParseFloat (decimal, hex integers, Inf, NaN), or undefined. */
export function parseFloatGo(text: string): number | undefined {
  const t = text;
  if (/^[-+]?(inf|infinity)$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/^[-+]?nan$/i.test(t)) return Number.NaN;
  if (/^[-+]?0x[0-9a-f]+$/i.test(t)) {
    const v = Number.parseInt(t.replace(/^[-+]/, ''), 16);
    return t.startsWith('-') ? -v : v;
  }
  if (!/^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/.test(t)) return undefined;
  return Number(t);
}
