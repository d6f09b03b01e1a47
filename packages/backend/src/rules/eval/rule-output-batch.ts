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
    // A histogram's slot in the float columns is left unused (count 0), as the batch builder does.
    series: [
      ...samples.map((s, first) =>
        s.histogram
          ? {
              labels: s.labels,
              first,
              count: 0,
              histograms: { timestampsMs: [timeMs], values: [s.histogram] },
            }
          : { labels: s.labels, first, count: 1 },
      ),
      ...stale.map((labels, i) => ({ labels, first: samples.length + i, count: 1 })),
    ],
    timestampsMs: new Float64Array(count).fill(timeMs),
    values,
    metadata: [],
  };
}
