import { type MatrixSeries, matrixToPlotData } from '../metrics/plot-data.js';

/**
 * The log volume's levels bottom to top, most severe at the bottom where it is seen first, in the
 * colours Grafana gives log levels; any other level stacks above them, grey.
 */
const LEVELS: [level: string, color: string][] = [
  ['critical', '#705da0'],
  ['fatal', '#705da0'],
  ['error', '#e24d42'],
  ['warn', '#eab839'],
  ['warning', '#eab839'],
  ['info', '#7eb26d'],
  ['debug', '#1f78c1'],
  ['trace', '#6ed0e0'],
];
const OTHER_COLOR = '#8e8e8e';

export interface VolumeLevel {
  level: string;
  color: string;
  /** Lines per step, null where none. */
  counts: (number | null)[];
}

export interface Volume {
  /** Epoch seconds: the end of each step (a bar counts the lines of the step before it). */
  xs: number[];
  levels: VolumeLevel[];
}

const rank = (level: string) => {
  const at = LEVELS.findIndex(([name]) => name === level);
  return at < 0 ? LEVELS.length : at;
};

/** The volume query's matrix on the step grid, one row per level in stacking order. */
export function volumeLevels(
  result: readonly MatrixSeries[],
  start: number,
  end: number,
  step: number,
): Volume {
  const plot = matrixToPlotData([...result], start, end, step);
  const levels = plot.series.map((series, i) => {
    const level = result[i]?.metric.detected_level || 'unknown';
    return { level, color: LEVELS[rank(level)]?.[1] ?? OTHER_COLOR, counts: series.values };
  });
  levels.sort((a, b) => rank(a.level) - rank(b.level) || a.level.localeCompare(b.level));
  return { xs: plot.xs, levels };
}

/** The lines the volume counts in all, over every step and level. */
export const volumeTotal = (volume: Volume) =>
  volume.levels.reduce((sum, l) => sum + l.counts.reduce<number>((s, c) => s + (c ?? 0), 0), 0);

/**
 * The volume query's window: start and end moved out to whole steps, as Loki's query frontend
 * aligns a range query, so the bars sit on the grid the answer uses and cover the whole range.
 */
export function volumeWindow(start: number, end: number, step: number) {
  return { start: Math.floor(start / step) * step, end: Math.ceil(end / step) * step, step };
}
