import type { Threshold } from './grafana-types.js';

/** Grafana's default: green, red from 80. */
export const DEFAULT_THRESHOLDS: Threshold[] = [
  { value: null, color: 'green' },
  { value: 80, color: 'red' },
];

/** Grafana's named colours (the classic palette's main shades) as CSS. */
const NAMED: Record<string, string> = {
  green: '#73bf69',
  'semi-dark-green': '#56a64b',
  'dark-green': '#37872d',
  red: '#f2495c',
  'semi-dark-red': '#e02f44',
  'dark-red': '#c4162a',
  yellow: '#fade2a',
  'dark-yellow': '#e0b400',
  orange: '#ff9830',
  'dark-orange': '#fa6400',
  blue: '#5794f2',
  'dark-blue': '#1f60c4',
  purple: '#b877d9',
  'dark-purple': '#8f3bb8',
  text: 'currentColor',
  transparent: 'transparent',
};

/** A colour from a dashboard file as safe CSS: a known name, #hex or rgb(a)(numbers); else grey. */
export function cssColor(color: string | undefined): string {
  if (!color) return '#8e8e8e';
  const named = NAMED[color.toLowerCase()];
  if (named && Object.hasOwn(NAMED, color.toLowerCase())) return named;
  if (/^#[0-9a-f]{3,8}$/i.test(color)) return color;
  if (/^rgba?\(\s*[\d.]+\s*,\s*[\d.]+\s*,\s*[\d.]+\s*(,\s*[\d.]+\s*)?\)$/i.test(color))
    return color;
  return '#8e8e8e';
}

/** The colour of the last step at or below the value (the base step, value null, is −∞). */
export function thresholdColor(
  value: number | null | undefined,
  steps: readonly Threshold[] | undefined,
): string {
  const list = steps?.length ? steps : DEFAULT_THRESHOLDS;
  let color = list[0]?.color;
  if (value === null || value === undefined || Number.isNaN(value)) return cssColor(color);
  const sorted = [...list].sort((a, b) => (a.value ?? -Infinity) - (b.value ?? -Infinity));
  for (const step of sorted) {
    if (step.value === null || step.value === undefined || value >= step.value) color = step.color;
  }
  return cssColor(color);
}
