import { formatDuration, formatTime } from '../model/format.js';
import { tracePath } from '../model/routes.js';
import type { TraceSummary } from '../model/trace-summary.js';

const WIDTH = 800;
const HEIGHT = 150;
// Room for the largest point (radius 8) inside the frame.
const PAD = { left: 64, right: 16, top: 14, bottom: 24 };

/** Duration over time of the results; each point opens its trace, errors in red. */
export function DurationScatter({ summaries }: { summaries: TraceSummary[] }) {
  const times = summaries.map((s) => s.start);
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  const maxDuration = Math.max(...summaries.map((s) => s.duration), 1);
  const maxSpans = Math.max(...summaries.map((s) => s.spanCount), 1);
  const x = (t: number) =>
    PAD.left + (t1 === t0 ? 0.5 : (t - t0) / (t1 - t0)) * (WIDTH - PAD.left - PAD.right);
  const y = (d: number) =>
    HEIGHT - PAD.bottom - (d / maxDuration) * (HEIGHT - PAD.top - PAD.bottom);
  return (
    <svg
      class="scatter"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label="trace durations over time"
    >
      <line
        class="axis"
        x1={PAD.left}
        y1={HEIGHT - PAD.bottom}
        x2={WIDTH - PAD.right}
        y2={HEIGHT - PAD.bottom}
      />
      <line class="axis" x1={PAD.left} y1={PAD.top} x2={PAD.left} y2={HEIGHT - PAD.bottom} />
      <text class="tick" x={PAD.left - 4} y={PAD.top + 4} text-anchor="end">
        {formatDuration(maxDuration)}
      </text>
      <text class="tick" x={PAD.left - 4} y={HEIGHT - PAD.bottom} text-anchor="end">
        0
      </text>
      <text class="tick" x={PAD.left} y={HEIGHT - 6}>
        {formatTime(t0)}
      </text>
      <text class="tick" x={WIDTH - PAD.right} y={HEIGHT - 6} text-anchor="end">
        {formatTime(t1)}
      </text>
      {summaries.map((s) => (
        <a key={s.traceID} href={tracePath(s.traceID)}>
          <circle
            class={s.errorCount > 0 ? 'point error' : 'point'}
            cx={x(s.start)}
            cy={y(s.duration)}
            r={3 + (5 * s.spanCount) / maxSpans}
          >
            <title>
              {`${s.rootService}: ${s.rootOperation}\n${formatDuration(s.duration)}, ${s.spanCount} spans\n${formatTime(s.start)}`}
            </title>
          </circle>
        </a>
      ))}
    </svg>
  );
}
