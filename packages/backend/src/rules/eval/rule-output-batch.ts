/** A rule's output at one timestamp as the SampleBatch storage takes: samples, then stale markers. */
import { type Labels, type SampleBatch, writeStaleAt } from '../../metrics/sample';
import type { RuleSample } from './rule-query';

export function ruleOutputBatch(
  samples: readonly RuleSample[],
  stale: readonly Labels[],
  timeMs: number,
): SampleBatch {
  const count = samples.length + stale.length;
  const values = new Float64Array(count);
  samples.forEach((s, i) => {
    values[i] = s.value;
  });
  for (let i = samples.length; i < count; i++) writeStaleAt(values, i);
  return {
    series: [...samples.map((s) => s.labels), ...stale].map((labels, first) => ({
      labels,
      first,
      count: 1,
    })),
    timestampsMs: new Float64Array(count).fill(timeMs),
    values,
    metadata: [],
  };
}
