import { ExpositionParseError, type SampleColumns } from './exposition.js';
import { parseExposition } from './exposition-parser.js';
import type { MetricMetadata, SampleBatch, SeriesSamples } from './sample.js';
import { sortedLabels } from './sample.js';

/** Points per batch: bounds memory however large the file (a family may span batches). */
export const BACKFILL_BATCH_POINTS = 200_000;

const METADATA_LINE = /^# (HELP|TYPE|UNIT) (\S+)/;
const HASH = 35;

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
  let end = text.length;
  while (end > 0 && (text[end - 1] === '\n' || text[end - 1] === '\r')) end -= 1;
  const lastLineStart = text.lastIndexOf('\n', end - 1) + 1;
  const totalLines = countLines(text, 0, end);
  if (text.slice(lastLineStart, end) !== '# EOF') {
    throw new ExpositionParseError(totalLines, 'OpenMetrics input must end with "# EOF"');
  }
  end = lastLineStart;

  let family = '';
  /** The current family's metadata lines, with their line numbers in the file. */
  let header: Header = [];
  let piece: Piece = { header: [], start: 0, firstLine: 1, samples: 0 };
  let lineNo = 0;
  for (let at = 0; at < end; ) {
    const newline = text.indexOf('\n', at);
    const next = newline === -1 || newline >= end ? end : newline + 1;
    lineNo += 1;
    const lineEnd = newline === -1 || newline >= end ? end : newline;
    // Only comment lines are cut out of the text: a sample line is one of ~1.4M in a 6 h file.
    const comment = text.charCodeAt(at) === HASH;
    const line = comment ? text.slice(at, lineEnd) : '';
    const metadata = comment && line.startsWith('# ') ? METADATA_LINE.exec(line) : null;
    const isSample = !comment && lineEnd > at;
    const newFamily = metadata !== null && metadata[2] !== family;
    if (piece.samples >= maxPoints && (isSample || newFamily)) {
      yield batchOf(text, piece, at);
      // A piece that starts inside a family repeats its header, so it parses on its own.
      piece = { header: newFamily ? [] : [...header], start: at, firstLine: lineNo, samples: 0 };
    }
    if (metadata) {
      if (newFamily) {
        family = metadata[2] as string;
        header = [];
      }
      header.push([line, lineNo]);
    }
    if (isSample) piece.samples += 1;
    at = next;
  }
  if (piece.samples > 0) yield batchOf(text, piece, end);
}

type Header = [line: string, lineNo: number][];

/** A stretch of the file [start, end) from line `firstLine`, after its repeated header. */
interface Piece {
  header: Header;
  start: number;
  firstLine: number;
  samples: number;
}

function countLines(text: string, from: number, to: number): number {
  let lines = 1;
  for (let at = text.indexOf('\n', from); at !== -1 && at < to; at = text.indexOf('\n', at + 1)) {
    lines += 1;
  }
  return lines;
}

/** One piece parsed and grouped by series, each series' points in time order. */
function batchOf(text: string, piece: Piece, end: number): SampleBatch {
  const lineNo = (pieceLine: number) =>
    pieceLine <= piece.header.length
      ? (piece.header[pieceLine - 1]?.[1] ?? pieceLine)
      : piece.firstLine + pieceLine - piece.header.length - 1;
  const headerText = piece.header.map(([line]) => `${line}\n`).join('');
  let parsed: ReturnType<typeof parseExposition>;
  try {
    parsed = parseExposition(`${headerText}${text.slice(piece.start, end)}# EOF\n`, {
      format: 'openmetrics',
      maxSamples: Number.MAX_SAFE_INTEGER,
      repeatedSeries: true,
      columnar: true,
    });
  } catch (error) {
    if (error instanceof ExpositionParseError) {
      throw new ExpositionParseError(lineNo(error.line), error.message.replace(/^line \d+: /, ''));
    }
    throw error;
  }
  const {
    series: parsedSeries,
    seriesIndex,
    values: parsedValues,
    timestampsMs: times,
    length,
  } = parsed.columns as SampleColumns;
  // Two passes, no per-series arrays: count each series' points, then place them.
  const counts = new Uint32Array(parsedSeries.length);
  for (let i = 0; i < length; i++) {
    const slot = seriesIndex[i] as number;
    if (Number.isNaN(times[i])) {
      const seriesText = parsedSeries[slot]?.series ?? '';
      throw new ExpositionParseError(
        lineOfSample(text, piece, end, seriesText) ?? lineNo(1),
        `${seriesText}: every sample needs a timestamp to be backfilled`,
      );
    }
    counts[slot] = (counts[slot] as number) + 1;
  }
  const next = new Uint32Array(counts.length);
  const series: SeriesSamples[] = [];
  let offset = 0;
  parsedSeries.forEach((parsedOne, slot) => {
    const count = counts[slot] as number;
    const pairs: [string, string][] = [['__name__', parsedOne.name]];
    for (let i = 0; i < parsedOne.labels.length; i += 2) {
      pairs.push([parsedOne.labels[i] as string, parsedOne.labels[i + 1] as string]);
    }
    series.push({ labels: sortedLabels(pairs), first: offset, count });
    next[slot] = offset;
    offset += count;
  });
  const timestampsMs = new Float64Array(length);
  const values = new Float64Array(length);
  const unsorted = new Set<number>();
  for (let i = 0; i < length; i++) {
    const slot = seriesIndex[i] as number;
    const at = next[slot] as number;
    const entry = series[slot] as SeriesSamples;
    const t = times[i] as number;
    if (at > entry.first && (timestampsMs[at - 1] as number) > t) unsorted.add(slot);
    timestampsMs[at] = t;
    values[at] = parsedValues[i] as number;
    next[slot] = at + 1;
  }
  for (const slot of unsorted) sortSeries(series[slot] as SeriesSamples, timestampsMs, values);
  const metadata: MetricMetadata[] = parsed.metadata;
  return { series, timestampsMs, values, metadata };
}

/** Orders one series' points by time (files need not list them in order). */
function sortSeries(entry: SeriesSamples, timestampsMs: Float64Array, values: Float64Array): void {
  const order = Array.from({ length: entry.count }, (_, i) => entry.first + i).sort(
    (a, b) => (timestampsMs[a] as number) - (timestampsMs[b] as number),
  );
  const times = order.map((i) => timestampsMs[i] as number);
  const sorted = order.map((i) => values[i] as number);
  timestampsMs.set(times, entry.first);
  values.set(sorted, entry.first);
}

/** The file line of a sample of `series` with no timestamp (the parser keeps no line numbers). */
function lineOfSample(text: string, piece: Piece, end: number, series: string): number | undefined {
  const lines = text.slice(piece.start, end).split('\n');
  const index = lines.findIndex(
    (line) => line.startsWith(series) && line.slice(series.length).trim().split(/\s+/).length === 1,
  );
  return index === -1 ? undefined : piece.firstLine + index;
}
