import type { Panel } from '../../model/dashboards/grafana-types.js';
import { lastValue } from '../../model/dashboards/series.js';
import { thresholdColor } from '../../model/dashboards/thresholds.js';
import { formatValue } from '../../model/dashboards/units.js';
import type { PanelData } from './panel-view.js';

type Defaults = NonNullable<NonNullable<Panel['fieldConfig']>['defaults']>;

const steps = (defaults: Defaults) => defaults.thresholds?.steps;

/** The scale's top: the panel's max, else 1 for ratios, 100 otherwise (Grafana's default). */
function scaleMax(defaults: Defaults, values: (number | null)[]): number {
  if (typeof defaults.max === 'number') return defaults.max;
  if (defaults.unit === 'percentunit') return 1;
  const top = Math.max(0, ...values.filter((v): v is number => v !== null && Number.isFinite(v)));
  return Math.max(top, 100);
}

const ratio = (value: number | null, min: number, max: number) =>
  value === null || !Number.isFinite(value) || max <= min
    ? 0
    : Math.min(1, Math.max(0, (value - min) / (max - min)));

function NoData() {
  return <p class="panel-note">No data</p>;
}

/** The last value of each series, big, coloured by the thresholds. */
export function StatPanel({ data, defaults }: { data: PanelData; defaults: Defaults }) {
  if (!data.series.length) return <NoData />;
  return (
    <div class="stat-grid">
      {data.series.map((series, i) => {
        const value = lastValue(series);
        return (
          <div key={i} class="stat" style={{ color: thresholdColor(value, steps(defaults)) }}>
            <span class="stat-value">{formatValue(value, defaults.unit, defaults.decimals)}</span>
            {data.series.length > 1 && <span class="stat-name">{series.name}</span>}
          </div>
        );
      })}
    </div>
  );
}

/** A half-circle gauge per series, an SVG arc filled to the value in its threshold colour. */
export function GaugePanel({ data, defaults }: { data: PanelData; defaults: Defaults }) {
  if (!data.series.length) return <NoData />;
  const values = data.series.map(lastValue);
  const min = typeof defaults.min === 'number' ? defaults.min : 0;
  const max = scaleMax(defaults, values);
  return (
    <div class="stat-grid">
      {data.series.map((series, i) => {
        const value = values[i] ?? null;
        const angle = Math.PI * (1 - ratio(value, min, max));
        const x = 50 + 40 * Math.cos(angle);
        const y = 50 - 40 * Math.sin(angle);
        const color = thresholdColor(value, steps(defaults));
        return (
          <figure key={i} class="gauge">
            <svg
              viewBox="0 0 100 58"
              role="img"
              aria-label={formatValue(value, defaults.unit, defaults.decimals)}
            >
              <path d="M10 50 A40 40 0 0 1 90 50" class="gauge-track" />
              {ratio(value, min, max) > 0 && (
                <path
                  d={`M10 50 A40 40 0 0 1 ${x.toFixed(2)} ${y.toFixed(2)}`}
                  class="gauge-fill"
                  stroke={color}
                />
              )}
              <text x="50" y="48" text-anchor="middle" class="gauge-text" fill={color}>
                {formatValue(value, defaults.unit, defaults.decimals)}
              </text>
            </svg>
            {data.series.length > 1 && <figcaption>{series.name}</figcaption>}
          </figure>
        );
      })}
    </div>
  );
}

/** One horizontal bar per series, scaled to the largest value (or the panel's max). */
export function BarGaugePanel({ data, defaults }: { data: PanelData; defaults: Defaults }) {
  if (!data.series.length) return <NoData />;
  const values = data.series.map(lastValue);
  const min = typeof defaults.min === 'number' ? defaults.min : 0;
  const top = Math.max(0, ...values.filter((v): v is number => v !== null && Number.isFinite(v)));
  const max = typeof defaults.max === 'number' ? defaults.max : top || 1;
  return (
    <div class="bar-gauge">
      {data.series.map((series, i) => {
        const value = values[i] ?? null;
        return (
          <div key={i} class="bar-row">
            <span class="bar-name">{series.name}</span>
            <span class="bar-track">
              <span
                class="bar-fill"
                style={{
                  width: `${(ratio(value, min, max) * 100).toFixed(1)}%`,
                  background: thresholdColor(value, steps(defaults)),
                }}
              />
            </span>
            <span class="bar-value">{formatValue(value, defaults.unit, defaults.decimals)}</span>
          </div>
        );
      })}
    </div>
  );
}
