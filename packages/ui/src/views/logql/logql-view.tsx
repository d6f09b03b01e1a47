import { parser } from '@grafana/lezer-logql';
import type { Tree } from '@lezer/common';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useFetch } from '../../api/use-fetch.js';
import { logEntries } from '../../model/logql/log-entries.js';
import { queryShape, volumeQuery, volumeStep } from '../../model/logql/query-kind.js';
import {
  decodeLogqlState,
  type LogqlState,
  logqlPath,
  queryWindow,
} from '../../model/logql/url-state.js';
import { volumeLevels, volumeWindow } from '../../model/logql/volume.js';
import { matrixToPlotData } from '../../model/metrics/plot-data.js';
import { rangeSeconds, zoomedRange } from '../../model/metrics/range.js';
import { navigate } from '../../router.js';
import { LogsModeTabs } from '../logs/logs-mode-tabs.js';
import { RangeInputs } from '../range-inputs.js';
import { LogqlEditor } from './logql-editor.js';
import { LogqlResult } from './logql-result.js';
import { queryRange } from './loki-api.js';
import '../metrics/metrics.css';
import './logql.css';

/** Lines a log query shows at most, newest first (Grafana's default; the API allows 5000). */
export const LINE_LIMIT = 1000;

const shapeOf = (text: string) => queryShape(text, parser.parse(text) as Tree);

/**
 * /logs?mode=logql: a LogQL query against this backend's Loki API. A log query shows its volume
 * (lines per step by detected_level) above its lines; a metric query shows its graph.
 */
export function LogqlView({ search }: { search: string }) {
  const state = useMemo(() => decodeLogqlState(new URLSearchParams(search)), [search]);
  const [draft, setDraft] = useState(state.query);
  const [runs, setRuns] = useState(0);
  useEffect(() => setDraft(state.query), [state.query]);

  const update = (patch: Partial<LogqlState>) => navigate(logqlPath({ ...state, ...patch }));
  const run = (text: string) => {
    const query = text.trim();
    if (query !== state.query) update({ query });
    setRuns((n) => n + 1);
  };
  const zoom = (start: number, end: number) => update(zoomedRange(start, end));

  // The window is fixed when the query runs, so the lines and the volume cover the same range.
  const key = state.query ? JSON.stringify([state.query, state.range, state.end, runs]) : null;
  const window = useMemo(() => queryWindow(state, Date.now()), [key]);
  const rangeRef = useRef(window);
  rangeRef.current = key ? window : queryWindow(state, Date.now());
  const shape = useMemo(() => shapeOf(state.query), [state.query]);

  const answer = useFetch(key, async (signal) => {
    const { start, end, step } = window;
    if (shape.kind === 'metric') {
      const data = await queryRange({ query: state.query, start, end, step }, signal);
      if (data.resultType !== 'matrix') throw new Error(`unexpected ${data.resultType} answer`);
      return { kind: 'metric' as const, plot: matrixToPlotData(data.result, start, end, step) };
    }
    const data = await queryRange({ query: state.query, start, end, limit: LINE_LIMIT }, signal);
    if (data.resultType !== 'streams') throw new Error(`unexpected ${data.resultType} answer`);
    return { kind: 'log' as const, entries: logEntries(data.result) };
  });

  const volume = useFetch(shape.kind === 'log' ? key : null, async (signal) => {
    const step = volumeStep(rangeSeconds(state.range));
    const grid = volumeWindow(window.start, window.end, step);
    const query = volumeQuery(state.query, shape, step);
    const data = await queryRange({ query, ...grid }, signal);
    if (data.resultType !== 'matrix') throw new Error(`unexpected ${data.resultType} answer`);
    return volumeLevels(data.result, grid.start, grid.end, grid.step);
  });

  return (
    <div class="logs-page logql-page">
      <LogsModeTabs mode="logql" filtersHref="/logs" logqlHref={logqlPath(state)} />
      <form
        class="logql-form"
        onSubmit={(event) => {
          event.preventDefault();
          run(draft);
        }}
      >
        <LogqlEditor value={draft} onChange={setDraft} onRun={run} range={() => rangeRef.current} />
        <div class="metrics-controls">
          <button type="submit" class="primary">
            Run
          </button>
          <RangeInputs state={state} onChange={update} />
        </div>
      </form>
      <LogqlResult answer={answer} volume={volume} limit={LINE_LIMIT} onZoom={zoom} />
    </div>
  );
}
