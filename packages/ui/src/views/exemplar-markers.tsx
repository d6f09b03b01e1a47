import { useMemo, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import { type ExemplarSet, placeExemplars, rangeWithExemplars } from '../model/exemplars.js';
import { tracePath } from '../model/routes.js';
import './exemplar-markers.css';

/**
 * Exemplars as dots over a uPlot's plotting area, each a link to its trace. Positions are read
 * from the plot: bump `layout` after the plot is resized or rescaled to place them again.
 * The dots are left out of the tab order (there can be a thousand); a list of them is the
 * keyboard's way in where one is offered.
 */
export function ExemplarMarkers({
  plot,
  sets,
  layout,
  format,
}: {
  plot: uPlot;
  sets: ExemplarSet[];
  layout: number;
  format: (value: number) => string;
}) {
  const formatRef = useRef(format);
  formatRef.current = format;
  // Built again only when the dots can have moved (layout says when to read the plot again), not
  // on every render of the graph: the cursor re-renders it on each mouse move.
  return useMemo(() => {
    const markers = placeExemplars(sets, {
      width: plot.over.clientWidth,
      height: plot.over.clientHeight,
      left: (timestamp) => plot.valToPos(timestamp, 'x'),
      top: (value) => plot.valToPos(value, 'y'),
    });
    if (!markers.length) return null;
    // A drag that starts on a dot still selects a range: uPlot listens on its own overlay.
    const forward = (event: MouseEvent) => {
      plot.over.dispatchEvent(new MouseEvent('mousedown', event));
    };
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
            title={`exemplar ${formatRef.current(m.value)}, trace ${m.traceId}`}
            tabIndex={-1}
            draggable={false}
            onMouseDown={forward}
            style={{ left: `${m.left}px`, top: `${m.top}px` }}
          >
            <span class="visually-hidden">trace {m.traceId}</span>
          </a>
        ))}
      </div>
    );
  }, [plot, sets, layout]);
}

/**
 * A y scale's range that holds the exemplars too (slow ones lie above a p95 line), padded as
 * uPlot pads its own. `sets` is read at each ranging, so new exemplars only need a rescale.
 */
export function exemplarYRange(sets: () => ExemplarSet[]): uPlot.Range.Function {
  return (_u, min, max) => {
    const range = rangeWithExemplars(min, max, sets());
    return range ? uPlot.rangeNum(range[0], range[1], 0.1, true) : [min, max];
  };
}
