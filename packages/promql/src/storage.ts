// The storage the engine reads: one select per selector, before evaluation starts.
import type { LabelMatcher } from './ast';
import type { FloatHistogram } from './histogram/float-histogram';
import type { Labels } from './labels';
import { compileAnchored } from './regex/anchored-regex';

/** One series: labels plus samples sorted by time. Values may hold the StaleNaN marker. */
export interface StoredSeries {
  readonly labels: Labels;
  /** Sample times in milliseconds, ascending. */
  readonly timestamps: ArrayLike<number>;
  /**
   * Sample values. Staleness markers must keep their exact bit pattern (0x7ff0000000000002), so pass
   * a Float64Array written with writeStaleMarker (V8 canonicalises NaN payloads held in plain arrays).
   */
  readonly values: Float64Array;
  /**
   * Native-histogram samples of the series, in time order. A series may hold floats and histograms
   * interleaved in time (Prometheus allows a series to change kind); at one time it holds one sample.
   * Staleness markers are always float samples.
   */
  readonly histograms?: StoredHistograms;
}

export interface StoredHistograms {
  /** Sample times in milliseconds, ascending. */
  readonly timestamps: ArrayLike<number>;
  /**
   * The samples. May be a getter that decodes them on each read (the backend's stored samples, see
   * made-on-read.ts): the engine reads them when it evaluates the series, not before.
   */
  readonly values: readonly FloatHistogram[];
  /**
   * The samples' size against the samples limit (the sum of histogramSampleSize), when the storage
   * knows it without decoding them; the engine adds up `values` otherwise.
   */
  readonly sampleSize?: number;
  /**
   * At least sampleSize, and cheaper to know (the backend's: from the encoded bytes' lengths). The
   * engine reads the exact size only when the bounds would pass the limit.
   */
  readonly sampleSizeAtMost?: number;
}

export interface Storage {
  /** Series matching all matchers with their samples in [minT, maxT] (ms, both inclusive). */
  select(
    matchers: readonly LabelMatcher[],
    minT: number,
    maxT: number,
  ): Promise<readonly StoredSeries[]> | readonly StoredSeries[];
}

const staleLow = 0x00000002;
const staleHigh = 0x7ff00000;

/** Writes Prometheus's staleness marker at values[index]. */
export function writeStaleMarker(values: Float64Array, index: number): void {
  const words = new Uint32Array(values.buffer, values.byteOffset + index * 8, 2);
  // Little-endian hosts (all Node targets) store the low word first.
  words[0] = staleLow;
  words[1] = staleHigh;
}

/** True when values[index] holds the staleness marker bit pattern. */
export function isStaleMarkerAt(values: Float64Array, index: number): boolean {
  const words = new Uint32Array(values.buffer, values.byteOffset + index * 8, 2);
  return words[0] === staleLow && words[1] === staleHigh;
}

/** Whether a label set satisfies one matcher (a missing label has the empty value). */
export function matchesMatcher(matcher: LabelMatcher, value: string): boolean {
  switch (matcher.type) {
    case '=':
      return value === matcher.value;
    case '!=':
      return value !== matcher.value;
    case '=~':
      return compileAnchored(matcher.value).test(value);
    case '!~':
      return !compileAnchored(matcher.value).test(value);
  }
}

export function matchesAll(matchers: readonly LabelMatcher[], labels: Labels): boolean {
  for (const m of matchers) {
    let value = '';
    for (const l of labels) {
      if (l.name === m.name) {
        value = l.value;
        break;
      }
    }
    if (!matchesMatcher(m, value)) return false;
  }
  return true;
}
