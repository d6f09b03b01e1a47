/**
 * The `streams` answer of a log query in Loki's JSON: {status, data: {resultType, [encodingFlags],
 * result, stats}}. With the categorize-labels flag (Grafana always asks for it) each stream holds
 * only its index labels and each value is [ns, line, {structuredMetadata, parsed}]; without it,
 * [ns, line] under every label.
 */
import type { LogQueryResult, ResultStream } from '@otel-lab/logql';
import { categorizedStreams } from '@otel-lab/logql';
import { type Labels, labelsToRecord } from '@otel-lab/promql';

export const ENCODING_FLAGS_HEADER = 'x-loki-response-encoding-flags';
export const CATEGORIZE_LABELS = 'categorize-labels';

/** The flags a request asks for (a comma-separated header), in its order, each once. */
export function encodingFlags(header: string | string[] | undefined): string[] {
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  return [
    ...new Set(
      text
        .split(',')
        .map((flag) => flag.trim())
        .filter((flag) => flag !== ''),
    ),
  ];
}

export interface QueryStats {
  execTimeS: number;
  /** Streams in the answer. */
  streams: number;
  entriesRead: number;
  bytesRead: number;
  entriesReturned: number;
}

/** A cache's counters in Loki's stats: there are no caches here. */
const NO_CACHE = {
  entriesFound: 0,
  entriesRequested: 0,
  entriesStored: 0,
  bytesReceived: 0,
  bytesSent: 0,
  requests: 0,
  downloadTime: 0,
  queryLengthServed: 0,
};

/** Loki's stats block: the summary as it computes it; the parts it splits by component are zero here. */
function statsJson(stats: QueryStats): unknown {
  const perSecond = (n: number) => (stats.execTimeS > 0 ? Math.round(n / stats.execTimeS) : 0);
  return {
    summary: {
      bytesProcessedPerSecond: perSecond(stats.bytesRead),
      linesProcessedPerSecond: perSecond(stats.entriesRead),
      totalBytesProcessed: stats.bytesRead,
      totalLinesProcessed: stats.entriesRead,
      execTime: stats.execTimeS,
      queueTime: 0,
      subqueries: 0,
      totalEntriesReturned: stats.entriesReturned,
      splits: 0,
      shards: 0,
      totalPostFilterLines: stats.entriesReturned,
      totalStructuredMetadataBytesProcessed: 0,
    },
    querier: {
      store: {
        totalChunksRef: 0,
        totalChunksDownloaded: 0,
        chunksDownloadTime: 0,
        queryReferencedStructuredMetadata: false,
        chunk: {
          headChunkBytes: 0,
          headChunkLines: 0,
          decompressedBytes: stats.bytesRead,
          decompressedLines: stats.entriesRead,
          compressedBytes: 0,
          totalDuplicates: 0,
          postFilterLines: stats.entriesReturned,
          headChunkStructuredMetadataBytes: 0,
          decompressedStructuredMetadataBytes: 0,
        },
      },
    },
    ingester: {
      totalReached: 0,
      totalChunksMatched: 0,
      totalBatches: 0,
      totalLinesSent: 0,
      store: {
        totalChunksRef: 0,
        totalChunksDownloaded: 0,
        chunksDownloadTime: 0,
        queryReferencedStructuredMetadata: false,
        chunk: {
          headChunkBytes: 0,
          headChunkLines: 0,
          decompressedBytes: 0,
          decompressedLines: 0,
          compressedBytes: 0,
          totalDuplicates: 0,
          postFilterLines: 0,
          headChunkStructuredMetadataBytes: 0,
          decompressedStructuredMetadataBytes: 0,
        },
      },
    },
    cache: Object.fromEntries(
      [
        'chunk',
        'index',
        'result',
        'statsResult',
        'volumeResult',
        'seriesResult',
        'labelResult',
        'instantMetricResult',
      ].map((name) => [name, NO_CACHE]),
    ),
    index: {
      totalChunks: 0,
      postFilterChunks: 0,
      shardsDuration: 0,
      usedBloomFilters: false,
      totalStreams: stats.streams,
      chunkRefsLookupTime: 0,
      bloomFilterTime: 0,
    },
  };
}

const record = (labels: Labels) => labelsToRecord(labels);

function plainStream(stream: ResultStream): unknown {
  return {
    stream: record(stream.labels),
    values: stream.entries.map((e) => [e.timestampNs.toString(), e.line]),
  };
}

function categorizedStream(stream: ResultStream): unknown {
  return {
    stream: record(stream.labels),
    values: stream.entries.map((e) => {
      const extra: Record<string, unknown> = {};
      if (e.labels.metadata.length > 0) extra.structuredMetadata = record(e.labels.metadata);
      if (e.labels.parsed.length > 0) extra.parsed = record(e.labels.parsed);
      return [e.timestampNs.toString(), e.line, extra];
    }),
  };
}

export function streamsResponse(
  result: LogQueryResult,
  direction: 'forward' | 'backward',
  flags: readonly string[],
  stats: QueryStats,
): string {
  const categorize = flags.includes(CATEGORIZE_LABELS);
  const streams = categorize
    ? categorizedStreams(result, direction).map(categorizedStream)
    : result.streams.map(plainStream);
  return JSON.stringify({
    status: 'success',
    data: {
      resultType: 'streams',
      ...(flags.length > 0 ? { encodingFlags: flags } : {}),
      result: streams,
      stats: statsJson(stats),
    },
  });
}
