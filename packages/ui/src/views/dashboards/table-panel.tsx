import type { Panel } from '../../model/dashboards/grafana-types.js';
import { lastValue } from '../../model/dashboards/series.js';
import { formatValue } from '../../model/dashboards/units.js';
import type { PanelData } from './panel-view.js';

type Defaults = NonNullable<NonNullable<Panel['fieldConfig']>['defaults']>;

/** A Prometheus table: one row per series, its labels as columns and its last value. */
export function TablePanel({ data, defaults }: { data: PanelData; defaults: Defaults }) {
  if (!data.series.length) return <p class="panel-note">No data</p>;
  const labels = [...new Set(data.series.flatMap((s) => Object.keys(s.labels)))].sort();
  return (
    <div class="panel-scroll">
      <table class="results compact">
        <thead>
          <tr>
            {labels.map((label) => (
              <th key={label}>{label}</th>
            ))}
            <th>Value</th>
          </tr>
        </thead>
        <tbody>
          {data.series.map((series, i) => (
            <tr key={i}>
              {labels.map((label) => (
                <td key={label}>{series.labels[label] ?? ''}</td>
              ))}
              <td class="num">
                {formatValue(lastValue(series), defaults.unit, defaults.decimals)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
