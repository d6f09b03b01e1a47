// The extrapolation of rate, increase and delta (Prometheus's extrapolatedRate): how much the
// increase seen between a window's first and last sample is stretched toward the window's edges,
// for float and histogram samples alike.

/**
 * The factor for the increase of a window's samples (`samples` >= 2, the first at `firstT`, the
 * last at `lastT`, in ms); divided by the range in seconds for rate. A counter is not extrapolated
 * below zero, which its first value and the increase tell. Positional arguments: it runs for every
 * series at every step.
 */
export function extrapolationFactor(
  range: { readonly rangeStart: number; readonly rangeEnd: number },
  firstT: number,
  lastT: number,
  samples: number,
  isRate: boolean,
  isCounter: boolean,
  first: number,
  increase: number,
): number {
  let durationToStart = (firstT - range.rangeStart) / 1000;
  let durationToEnd = (range.rangeEnd - lastT) / 1000;
  const sampledInterval = (lastT - firstT) / 1000;
  const averageInterval = sampledInterval / (samples - 1);
  // Extrapolate to the window edges only when samples come close to them (within 110% of the
  // average spacing); otherwise assume the series starts or ends inside the window.
  const threshold = averageInterval * 1.1;
  if (durationToStart >= threshold) durationToStart = averageInterval / 2;
  if (isCounter) {
    // A counter cannot go below zero: do not extrapolate past the point where it would.
    let durationToZero = durationToStart;
    if (increase > 0 && first >= 0) durationToZero = sampledInterval * (first / increase);
    if (durationToZero < durationToStart) durationToStart = durationToZero;
  }
  if (durationToEnd >= threshold) durationToEnd = averageInterval / 2;
  let factor =
    sampledInterval === 0
      ? 1
      : (sampledInterval + durationToStart + durationToEnd) / sampledInterval;
  if (isRate) factor /= (range.rangeEnd - range.rangeStart) / 1000;
  return factor;
}
