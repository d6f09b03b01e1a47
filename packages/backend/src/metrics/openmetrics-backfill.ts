import { type ExposedSample, ExpositionParseError } from './exposition.js';
import { parseExposition } from './exposition-parser.js';
import type { MetricMetadata, SampleBatch, SeriesSamples } from './sample.js';
import { sortedLabels } from './sample.js';

/** Points per batch: bounds memory however large the file (a family may span batches). */
export const BACKFILL_BATCH_POINTS = 200_000;

const METADATA_LINE = /^# (HELP|TYPE|UNIT) (\S+)/;

/**
 * OpenMetrics text with a timestamp on every sample, the input `promtool tsdb
 * create-blocks-from openmetrics` backfills into Prometheus, as SampleBatches of at most
 * `maxPoints` points, so both can hold identical data. The text is cut into pieces at line
 * boundaries; a piece that starts inside a family repeats that family's HELP, TYPE and UNIT
 * lines, so each parses on its own. Errors name the line of the whole file.
 */
export function* openMetricsBackfill(
  text: string,
  maxPoints: number = BACKFILL_BATCH_POINTS,
): Generator<SampleBatch> {
  const lines = text.split('\n');
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (lines[lines.length - 1] !== '# EOF') {
    throw new ExpositionParseError(lines.length, 'OpenMetrics input must end with "# EOF"');
  }
  lines.pop();

  let family = '';
  /** The current family's metadata lines, with their line numbers in the file. */
  let header: [line: string, lineNo: number][] = [];
  let piece: [line: string, lineNo: number][] = [];
  let samples = 0;

  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] as string;
    const metadata = METADATA_LINE.exec(line);
    const isSample = !metadata && line !== '' && !line.startsWith('#');
    if (samples >= maxPoints && (isSample || (metadata && metadata[2] !== family))) {
      yield batchOf(piece);
      // A piece that starts inside a family repeats its header, so it parses on its own.
      piece = metadata && metadata[2] !== family ? [] : [...header];
      samples = 0;
    }
    if (metadata) {
      if (metadata[2] !== family) {
        family = metadata[2] as string;
        header = [];
      }
      header.push([line, index + 1]);
    }
    if (isSample) samples += 1;
    piece.push([line, index + 1]);
  }
  if (samples > 0) yield batchOf(piece);
}

/** One piece parsed and grouped by series, each series' points in time order. */
function batchOf(piece: [line: string, lineNo: number][]): SampleBatch {
  const lineNo = (pieceLine: number) => piece[pieceLine - 1]?.[1] ?? pieceLine;
  let parsed: ReturnType<typeof parseExposition>;
  try {
    parsed = parseExposition(`${piece.map(([line]) => line).join('\n')}\n# EOF\n`, {
      format: 'openmetrics',
      maxSamples: Number.MAX_SAFE_INTEGER,
    });
  } catch (error) {
    if (error instanceof ExpositionParseError) {
      throw new ExpositionParseError(lineNo(error.line), error.message.replace(/^line \d+: /, ''));
    }
    throw error;
  }
  const bySeries = new Map<string, ExposedSample[]>();
  for (const sample of parsed.samples) {
    if (sample.timestampMs === undefined) {
      // The parser keeps no line numbers per sample: find the line that has no timestamp.
      const line = piece.find(
        ([text]) =>
          text.startsWith(sample.series) &&
          text.slice(sample.series.length).trim().split(/\s+/).length === 1,
      );
      throw new ExpositionParseError(
        line?.[1] ?? lineNo(1),
        `${sample.series}: every sample needs a timestamp to be backfilled`,
      );
    }
    const list = bySeries.get(sample.series);
    if (list) list.push(sample);
    else bySeries.set(sample.series, [sample]);
  }
  const timestampsMs = new Float64Array(parsed.samples.length);
  const values = new Float64Array(parsed.samples.length);
  const series: SeriesSamples[] = [];
  let at = 0;
  for (const samples of bySeries.values()) {
    samples.sort((a, b) => (a.timestampMs as number) - (b.timestampMs as number));
    const first = samples[0] as ExposedSample;
    const pairs: [string, string][] = [['__name__', first.name]];
    for (let i = 0; i < first.labels.length; i += 2) {
      pairs.push([first.labels[i] as string, first.labels[i + 1] as string]);
    }
    series.push({ labels: sortedLabels(pairs), first: at, count: samples.length });
    for (const sample of samples) {
      timestampsMs[at] = sample.timestampMs as number;
      values[at] = sample.value;
      at += 1;
    }
  }
  const metadata: MetricMetadata[] = parsed.metadata;
  return { series, timestampsMs, values, metadata };
}
