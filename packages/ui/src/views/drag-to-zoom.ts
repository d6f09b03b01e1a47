import type uPlot from 'uplot';

/** Narrower drags are taken for clicks. */
const MIN_DRAG_PX = 5;

/**
 * A uPlot plugin: dragging across the plot selects a time range and hands it to `onZoom` (epoch
 * seconds) instead of rescaling the plot, so the caller can put the range in the URL and query it.
 */
export function dragToZoom(onZoom: (start: number, end: number) => void): uPlot.Plugin {
  return {
    opts: (_plot, options) => {
      options.cursor = { ...options.cursor, drag: { x: true, y: false, setScale: false } };
    },
    hooks: {
      setSelect: (plot) => {
        const { left, width } = plot.select;
        if (width === 0) return;
        // The range goes to onZoom; the grey box goes, narrow or not.
        plot.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
        if (width >= MIN_DRAG_PX)
          onZoom(plot.posToVal(left, 'x'), plot.posToVal(left + width, 'x'));
      },
    },
  };
}
