/** Query results as short evidence: "/api/orders 0.731, /api/products 0.0312". */
import type { VectorSample } from './prometheus-api.js';

/** Labels every lab series has, which say nothing about one sample. */
const NOISE = new Set(['__name__', 'job', 'instance', 'otel_scope_name', 'otel_scope_version']);
const SHOWN = 4;

export const formatNumber = (value: number) =>
  Number.isFinite(value) ? String(Number(value.toPrecision(3))) : String(value);

/** Grafana's legend format ({{label}}), or the sample's telling label values. */
export function sampleName(sample: VectorSample, legendFormat?: string): string {
  if (legendFormat && legendFormat !== '__auto') {
    return legendFormat.replace(
      /\{\{\s*(\w+)\s*\}\}/g,
      (_, label: string) => sample.metric[label] ?? '',
    );
  }
  return Object.entries(sample.metric)
    .filter(([label]) => !NOISE.has(label))
    .map(([label, value]) => (label === 'le' ? `le=${value}` : value))
    .join(' ');
}

export function describeSamples(
  samples: readonly VectorSample[],
  options: { legendFormat?: string; unit?: string } = {},
): string {
  const unit = options.unit ? ` ${options.unit}` : '';
  const shown = samples.slice(0, SHOWN).map((sample) => {
    const name = sampleName(sample, options.legendFormat);
    return `${name ? `${name} ` : ''}${formatNumber(sample.value)}${unit}`;
  });
  const more = samples.length > SHOWN ? `, +${samples.length - SHOWN} more` : '';
  return `${shown.join(', ')}${more}`;
}

export const seriesCount = (count: number) => `${count} series`;

/** "12 s ago", "3 min ago". */
export function ago(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  return seconds < 120 ? `${seconds} s ago` : `${Math.round(seconds / 60)} min ago`;
}
