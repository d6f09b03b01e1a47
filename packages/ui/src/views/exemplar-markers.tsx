import type uPlot from 'uplot';
import { type ExemplarSet, placeExemplars } from '../model/exemplars.js';
import { tracePath } from '../model/routes.js';
import './exemplar-markers.css';

/**
 * Exemplars as dots over a uPlot's plotting area, each a link to its trace. Positions are read
 * from the plot when this renders: render again after the plot is resized or rescaled.
 */
export function ExemplarMarkers({
  plot,
  sets,
  format,
}: {
  plot: uPlot;
  sets: ExemplarSet[];
  format: (value: number) => string;
}) {
  const markers = placeExemplars(sets, {
    width: plot.over.clientWidth,
    height: plot.over.clientHeight,
    left: (timestamp) => plot.valToPos(timestamp, 'x'),
    top: (value) => plot.valToPos(value, 'y'),
  });
  if (!markers.length) return null;
  return (
    <div
      class="exemplar-layer"
      style={{ left: `${plot.over.offsetLeft}px`, top: `${plot.over.offsetTop}px` }}
    >
      {/* Index keys: one trace can leave exemplars on several series at the same time. */}
      {markers.map((m, i) => (
        <a
          key={i}
          class="exemplar"
          href={tracePath(m.traceId)}
          title={`exemplar ${format(m.value)}, trace ${m.traceId}`}
          style={{ left: `${m.left}px`, top: `${m.top}px` }}
        >
          <span class="visually-hidden">trace {m.traceId}</span>
        </a>
      ))}
    </div>
  );
}
