import { useMemo, useRef } from 'preact/hooks';
import type { FetchState } from '../../api/use-fetch.js';
import type { LogEntry } from '../../model/logql/log-entries.js';
import type { Volume } from '../../model/logql/volume.js';
import type { PlotData } from '../../model/metrics/plot-data.js';
import { Graph } from '../metrics/graph.js';
import { LogEntryList } from './log-entry-list.js';
import { LogVolume } from './log-volume.js';

type Answer = FetchState<{ kind: 'metric'; plot: PlotData } | { kind: 'log'; entries: LogEntry[] }>;

const NO_EXEMPLARS: never[] = [];

/** What a query answered: a metric query's graph, or a log query's volume and lines. */
export function LogqlResult({
  answer,
  volume,
  limit,
  onZoom,
}: {
  answer: Answer;
  volume: FetchState<Volume>;
  limit: number;
  onZoom: (start: number, end: number) => void;
}) {
  // The memoised graph keeps the first callback: it calls the newest through this.
  const zoom = useRef(onZoom);
  zoom.current = onZoom;
  const body = useMemo(() => {
    switch (answer.status) {
      case 'idle':
        return (
          <p class="notice">
            Type a LogQL query and press Enter, e.g.{' '}
            <code>{'{service_name="demo-app"} |= "order"'}</code> for lines or{' '}
            <code>{'sum by (service_name) (rate({service_name=~".+"}[1m]))'}</code> for a graph.
          </p>
        );
      case 'loading':
        return <p class="notice">Running the query…</p>;
      case 'error':
        return <pre class="error metrics-error">{answer.message}</pre>;
      default: {
        const data = answer.data;
        if (data.kind === 'metric') {
          if (data.plot.series.length === 0) return <p class="notice">No series matched.</p>;
          return (
            <Graph
              data={data.plot}
              stacked={false}
              unit="short"
              exemplars={NO_EXEMPLARS}
              onZoom={(start, end) => zoom.current(start, end)}
            />
          );
        }
        const count = data.entries.length;
        return (
          <>
            <p class="muted logql-count">
              {count} line{count === 1 ? '' : 's'}
              {count >= limit ? `, the newest ${limit} of the range` : ''}
            </p>
            {count === 0 ? (
              <p class="notice">
                No lines match. Widen the range or loosen the query; if the lab is idle, run{' '}
                <code>npm run traffic</code>.
              </p>
            ) : (
              <LogEntryList entries={data.entries} />
            )}
          </>
        );
      }
    }
  }, [answer, limit]);
  return (
    <section class="logql-result" aria-live="polite">
      <VolumeBlock volume={volume} onZoom={(start, end) => zoom.current(start, end)} />
      {body}
    </section>
  );
}

function VolumeBlock({
  volume,
  onZoom,
}: {
  volume: FetchState<Volume>;
  onZoom: (start: number, end: number) => void;
}) {
  const chart = useMemo(
    () => (volume.status === 'done' ? <LogVolume volume={volume.data} onZoom={onZoom} /> : null),
    [volume],
  );
  switch (volume.status) {
    case 'idle':
      return null;
    case 'loading':
      return <p class="notice log-volume-note">Counting the log volume…</p>;
    case 'error':
      return (
        <p class="notice log-volume-note" role="status">
          Log volume unavailable: {volume.message}
        </p>
      );
    default:
      return chart;
  }
}
