// unwrap's conversions of a label value, with Go's error texts for the ones that fail (they become
// __error_details__ beside SampleExtractionErr).
import type { Unwrap } from '../ast';
import { parseBytes, parseFloatGo, parseGoDurationNs } from '../parse/literals';
import { bytesError, goQuote } from '../pipeline/label-filter';

export type Converted = number | { error: string };

export function converter(conversion: Unwrap['conversion']): (raw: string) => Converted {
  switch (conversion) {
    case 'none':
      return (raw) =>
        parseFloatGo(raw) ?? {
          error: `strconv.ParseFloat: parsing ${goQuote(raw)}: invalid syntax`,
        };
    case 'bytes':
      return (raw) => parseBytes(raw) ?? { error: bytesError(raw) };
    case 'duration':
    case 'duration_seconds':
      return (raw) => {
        const ns = parseGoDurationNs(raw);
        if (ns === undefined) {
          return {
            error: /^[-+]?[\d.]+$/.test(raw)
              ? `time: missing unit in duration ${goQuote(raw)}`
              : `time: invalid duration ${goQuote(raw)}`,
          };
        }
        return goSeconds(ns);
      };
  }
}

/** Go's Duration.Seconds(): whole seconds plus the nanoseconds' fraction. */
export function goSeconds(ns: bigint): number {
  const sec = ns / 1_000_000_000n;
  const rest = ns % 1_000_000_000n;
  return Number(sec) + Number(rest) / 1e9;
}
