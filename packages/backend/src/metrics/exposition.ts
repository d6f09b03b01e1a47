/** What an exposition parse takes and gives: formats, limits, samples, metadata, errors. */
import type { MetricMetadata, SampleExemplar } from './sample.js';

export type ExpositionFormat = 'prometheus-text' | 'openmetrics';

export interface ExpositionLimits {
  /** Longest line accepted, in UTF-16 code units (a scrape fails past it). */
  maxLineLength: number;
  /** Most samples accepted in one exposition, like Prometheus's sample_limit (fails past it). */
  maxSamples: number;
}

export const DEFAULT_EXPOSITION_LIMITS: ExpositionLimits = {
  maxLineLength: 64 * 1024,
  maxSamples: 200_000,
};

export interface ParseExpositionOptions extends Partial<ExpositionLimits> {
  format: ExpositionFormat;
  skipCreatedSeries?: boolean;
  /**
   * The same series comes back many times (a backfill file, a point per line): each distinct
   * series' labels are parsed once and shared by its samples, which must not change them.
   */
  repeatedSeries?: boolean;
  /**
   * With repeatedSeries: the samples as `columns`, each series once, with no object per sample
   * (a backfill's millions); `samples` stays empty and exemplars are not kept.
   */
  columnar?: boolean;
}

/** A columnar parse's samples: sample i is of series[seriesIndex[i]]. */
export interface SampleColumns {
  /** Each series as it was parsed; the same text under another family type is another one. */
  series: { name: string; labels: string[]; series: string }[];
  seriesIndex: Uint32Array;
  values: Float64Array;
  /** NaN where the line has no timestamp. */
  timestampsMs: Float64Array;
  length: number;
}

export interface ExposedSample {
  name: string;
  /** Label names and values alternating, in exposition order; `__name__` is not among them. */
  labels: string[];
  /**
   * The series exactly as written (name and label set): equal text, equal series, so a scraper
   * can cache its work per series across scrapes, as Prometheus's scrape cache does.
   */
  series: string;
  value: number;
  /** Milliseconds since the epoch; undefined when the line has no timestamp. */
  timestampMs: number | undefined;
  exemplar: SampleExemplar | undefined;
}

export interface ParsedExposition {
  samples: ExposedSample[];
  /** With the columnar option. */
  columns?: SampleColumns;
  /** One entry per family that had HELP, TYPE or UNIT, in order of first appearance. */
  metadata: MetricMetadata[];
}

export class ExpositionParseError extends Error {
  override name = 'ExpositionParseError';
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

/** The format a scrape response's Content-Type names; anything but OpenMetrics is 0.0.4 text. */
export function expositionFormatOf(contentType: string | null | undefined): ExpositionFormat {
  return contentType?.trimStart().toLowerCase().startsWith('application/openmetrics-text')
    ? 'openmetrics'
    : 'prometheus-text';
}
