import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useFetch } from '../../api/use-fetch.js';
import type { ExemplarSet } from '../../model/exemplars.js';
import { matrixToPlotData } from '../../model/metrics/plot-data.js';
import {
  autoStep,
  rangeQuery,
  rangeQueryParams,
  rangeSeconds,
  zoomedRange,
} from '../../model/metrics/range.js';
import { formatValue, guessUnit, UNITS, type Unit } from '../../model/metrics/units.js';
import {
  decodeMetricsState,
  encodeMetricsState,
  type MetricsState,
} from '../../model/metrics/url-state.js';
import { navigate } from '../../router.js';
import { HeatmapPlot } from '../heatmap/heatmap-plot.js';
import { RangeInputs } from '../range-inputs.js';
import { Graph } from './graph.js';
import { type HistogramAnswer, histogramAnswer } from './histogram-answer.js';
import { MetricBrowser } from './metric-browser.js';
import { queryExemplars, queryInstant, queryRange } from './prom-api.js';
import { PromqlEditor } from './promql-editor.js';
import { EmptyResult, ResultTable } from './result-table.js';
import './metrics.css';

/** The PromQL explorer at /query: editor, range and step, graph or table, metric browser. */
export function MetricsExplorer({ search }: { search: string }) {
  const state = decodeMetricsState(search);
  const [draft, setDraft] = useState(state.query);
  const [runs, setRuns] = useState(0);
  const [browsing, setBrowsing] = useState(false);
  const [unit, setUnit] = useState<Unit>(() => guessUnit(state.query));
  useEffect(() => {
    setDraft(state.query);
    setUnit(guessUnit(state.query));
  }, [state.query]);

  const update = (patch: Partial<MetricsState>, replace = false) =>
    navigate(`/query${encodeMetricsState({ ...state, ...patch })}`, { replace });
  const run = (text: string) => {
    const query = text.trim();
    if (query !== state.query) update({ query });
    setRuns((n) => n + 1);
  };

  const key = state.query
    ? JSON.stringify([
        state.query,
        state.range,
        state.end,
        state.step,
        state.tab,
        state.exemplars,
        state.quantiles,
        runs,
      ])
    : null;
  const answer = useFetch(key, async (signal) => {
    if (state.tab === 'table') {
      return {
        kind: 'table' as const,
        ...(await queryInstant(state.query, state.end ?? Date.now() / 1000, signal)),
      };
    }
    const range = rangeQuery(state, Date.now());
    // The graph does not wait on a failed exemplar query: its error becomes a warning.
    const [{ data, warnings }, exemplars] = await Promise.all([
      queryRange(rangeQueryParams(state.query, range), signal),
      state.exemplars
        ? queryExemplars(state.query, range.start, range.end, signal).catch((error: Error) => {
            if (error.name === 'AbortError') throw error;
            return { data: [], warnings: [`exemplars: ${error.message}`] };
          })
        : { data: [], warnings: [] },
    ]);
    // A failed quantile query leaves the heatmap without its lines and says why.
    const quantileWarnings: string[] = [];
    const histogram = await histogramAnswer(
      state.query,
      data.result,
      range,
      state.quantiles,
      signal,
    ).catch(async (error: Error) => {
      if (error.name === 'AbortError') throw error;
      quantileWarnings.push(`quantile lines: ${error.message}`);
      return histogramAnswer(state.query, data.result, range, false, signal);
    });
    return {
      kind: 'graph' as const,
      plot: matrixToPlotData(data.result, range.start, range.end, range.step),
      histogram,
      exemplars: exemplars.data ?? [],
      warnings: [
        ...warnings,
        ...exemplars.warnings,
        ...(histogram?.warnings ?? []),
        ...quantileWarnings,
      ],
    };
  });

  return (
    <div class="metrics-page">
      <form
        class="metrics-form"
        onSubmit={(event) => {
          event.preventDefault();
          run(draft);
        }}
      >
        <PromqlEditor value={draft} onChange={setDraft} onRun={run} />
        <div class="metrics-controls">
          <button type="submit" class="primary">
            Run
          </button>
          <RangeInputs state={state} onChange={(patch) => update(patch)} />
          <StepInput state={state} onStep={(step) => update({ step })} />
          <label>
            Unit{' '}
            <select value={unit} onChange={(e) => setUnit(e.currentTarget.value as Unit)}>
              {UNITS.map((u) => (
                <option key={u} value={u}>
                  {u}
                </option>
              ))}
            </select>
          </label>
          <label>
            <input
              type="checkbox"
              checked={state.stacked}
              onChange={(e) => update({ stacked: e.currentTarget.checked }, true)}
            />{' '}
            stacked
          </label>
          <label title={state.stacked ? 'not shown on a stacked graph' : 'dots that open a trace'}>
            <input
              type="checkbox"
              checked={state.exemplars}
              disabled={state.stacked}
              onChange={(e) => update({ exemplars: e.currentTarget.checked }, true)}
            />{' '}
            exemplars
          </label>
          <label title="classic bucket series (le) as a heatmap; off: one line per bucket">
            <input
              type="checkbox"
              checked={state.heatmap}
              onChange={(e) => update({ heatmap: e.currentTarget.checked }, true)}
            />{' '}
            heatmap
          </label>
          <label title="histogram_quantile lines over a histogram's heatmap">
            <input
              type="checkbox"
              checked={state.quantiles}
              onChange={(e) => update({ quantiles: e.currentTarget.checked }, true)}
            />{' '}
            p50/p90/p99
          </label>
          <button type="button" onClick={() => setBrowsing(!browsing)} aria-expanded={browsing}>
            {browsing ? 'Hide metrics' : 'Browse metrics'}
          </button>
        </div>
      </form>
      {browsing && (
        <MetricBrowser
          onPick={(name) => {
            setDraft(name);
            setBrowsing(false);
          }}
        />
      )}
      <div class="metrics-tabs" role="tablist">
        {(['graph', 'table'] as const).map((tab) => (
          <button
            key={tab}
            type="button"
            role="tab"
            aria-selected={state.tab === tab}
            class={state.tab === tab ? 'active' : undefined}
            onClick={() => update({ tab })}
          >
            {tab === 'graph' ? 'Graph' : 'Table'}
          </button>
        ))}
      </div>
      <Result
        answer={answer}
        stacked={state.stacked}
        heatmap={state.heatmap}
        unit={unit}
        onZoom={(start, end) => update(zoomedRange(start, end))}
      />
    </div>
  );
}

function StepInput({ state, onStep }: { state: MetricsState; onStep: (s: number | null) => void }) {
  const auto = autoStep(rangeSeconds(state.range));
  return (
    <label>
      Step{' '}
      <input
        class="step-input"
        type="number"
        min={1}
        placeholder={`auto ${auto}s`}
        aria-label="step in seconds"
        value={state.step ?? ''}
        onChange={(e) => {
          const value = Number(e.currentTarget.value);
          onStep(e.currentTarget.value && value > 0 ? value : null);
        }}
      />
      s
    </label>
  );
}

/** One empty list, so a stacked graph's props stay equal from render to render. */
const NO_EXEMPLARS: ExemplarSet[] = [];

type Answer = ReturnType<
  typeof useFetch<
    | { kind: 'table'; data: import('./prom-api.js').InstantResult; warnings: string[] }
    | {
        kind: 'graph';
        plot: import('../../model/metrics/plot-data.js').PlotData;
        histogram: HistogramAnswer | null;
        exemplars: ExemplarSet[];
        warnings: string[];
      }
  >
>;

function Result({
  answer,
  stacked,
  heatmap,
  unit,
  onZoom,
}: {
  answer: Answer;
  stacked: boolean;
  /** Classic buckets as a heatmap; native histograms always are one. */
  heatmap: boolean;
  unit: Unit;
  onZoom: (start: number, end: number) => void;
}) {
  // The memoised graph keeps the first callback: it calls the newest through this.
  const zoom = useRef(onZoom);
  zoom.current = onZoom;
  const warnings = answer.status === 'done' ? answer.data.warnings : [];
  const body = useMemo(() => {
    switch (answer.status) {
      case 'idle':
        return (
          <p class="notice">
            Type a PromQL query and press Enter, e.g. <code>rate(app_requests_total[5m])</code>, or
            pick a metric with “Browse metrics”.
          </p>
        );
      case 'loading':
        return <p class="notice">Running the query…</p>;
      case 'error':
        return <pre class="error metrics-error">{answer.message}</pre>;
      default: {
        const data = answer.data;
        if (data.kind === 'table') return <ResultTable result={data.data} unit={unit} />;
        const histogram = data.histogram;
        if (histogram && (heatmap || histogram.kind === 'native')) {
          return (
            <HeatmapPlot
              heatmap={histogram.heatmap}
              lines={histogram.lines}
              formatBound={(v) => formatValue(v, unit)}
              formatCount={(v) => formatValue(v, 'short')}
              height={320}
              onZoom={(start, end) => zoom.current(start, end)}
            />
          );
        }
        if (data.plot.series.length === 0) return <EmptyResult />;
        return (
          <Graph
            data={data.plot}
            stacked={stacked}
            unit={unit}
            exemplars={stacked ? NO_EXEMPLARS : data.exemplars}
            onZoom={(start, end) => zoom.current(start, end)}
          />
        );
      }
    }
  }, [answer, stacked, heatmap, unit]);
  return (
    <section class="metrics-result" aria-live="polite">
      {warnings.map((w) => (
        <p key={w} class="metrics-warning">
          {w}
        </p>
      ))}
      {body}
    </section>
  );
}
