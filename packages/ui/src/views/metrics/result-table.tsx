import type { HistogramJson } from '../../model/heatmap/native-heatmap.js';
import { parseValue } from '../../model/metrics/plot-data.js';
import { seriesName } from '../../model/metrics/series-name.js';
import { formatValue, type Unit } from '../../model/metrics/units.js';
import type { InstantResult, MatrixResult, VectorSample } from './prom-api.js';

/** A native histogram sample in a cell: its count, sum and how many buckets it has. */
const histogramText = (h: HistogramJson) =>
  `histogram: count ${h.count}, sum ${h.sum}, ${h.buckets?.length ?? 0} buckets`;

/** The raw and the formatted value of an instant sample, float or native histogram. */
function sampleCells(s: VectorSample, unit: Unit) {
  if (s.histogram) {
    return (
      <td class="num" colSpan={2}>
        {histogramText(s.histogram[1])}
      </td>
    );
  }
  const text = s.value?.[1] ?? '';
  return (
    <>
      <td class="num">{text}</td>
      <td class="num">{formatValue(parseValue(text), unit)}</td>
    </>
  );
}

/** The instant query's answer: one row per series, the raw value beside the formatted one. */
export function ResultTable({ result, unit }: { result: InstantResult; unit: Unit }) {
  if (result.resultType === 'scalar' || result.resultType === 'string') {
    return (
      <table class="metrics-table">
        <tbody>
          <tr>
            <td>{result.resultType}</td>
            <td class="num">{result.result[1]}</td>
          </tr>
        </tbody>
      </table>
    );
  }
  if (result.result.length === 0) return <EmptyResult />;
  return (
    <table class="metrics-table">
      <thead>
        <tr>
          <th>series</th>
          <th class="num">value</th>
          <th class="num">{unit}</th>
        </tr>
      </thead>
      <tbody>
        {result.resultType === 'vector'
          ? result.result.map((s) => (
              <tr key={seriesName(s.metric)}>
                <td class="series-name">{seriesName(s.metric)}</td>
                {sampleCells(s, unit)}
              </tr>
            ))
          : (result.result as MatrixResult).map((s) => (
              <tr key={seriesName(s.metric)}>
                <td class="series-name">{seriesName(s.metric)}</td>
                <td class="num" colSpan={2}>
                  {[
                    ...(s.values ?? []).map(([t, v]) => `${v} @${t}`),
                    ...(s.histograms ?? []).map(([t, h]) => `${histogramText(h)} @${t}`),
                  ].join('\n')}
                </td>
              </tr>
            ))}
      </tbody>
    </table>
  );
}

export function EmptyResult() {
  return (
    <p class="notice">
      No series matched. Check the metric's name in the browser, widen the time range, or send some
      traffic: <code>npm run traffic</code>.
    </p>
  );
}
