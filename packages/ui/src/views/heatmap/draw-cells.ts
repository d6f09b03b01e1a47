import type uPlot from 'uplot';
import type { Heatmap } from '../../model/heatmap/heatmap.js';

/**
 * Paints one rectangle per non-empty bucket and step on uPlot's canvas, inside its plotting
 * area: column i spans (x_i - step, x_i], row r spans r..r+1 on the y scale.
 */
export function drawCells(
  u: uPlot,
  heatmap: Heatmap,
  color: (count: number, max: number) => string,
): void {
  const { ctx, bbox } = u;
  ctx.save();
  ctx.beginPath();
  ctx.rect(bbox.left, bbox.top, bbox.width, bbox.height);
  ctx.clip();
  const lefts = heatmap.xs.map((x) => u.valToPos(x - heatmap.step, 'x', true));
  const rights = heatmap.xs.map((x) => u.valToPos(x, 'x', true));
  heatmap.counts.forEach((counts, r) => {
    const top = u.valToPos(r + 1, 'y', true);
    const bottom = u.valToPos(r, 'y', true);
    counts.forEach((count, i) => {
      if (!(count > 0)) return;
      const left = lefts[i] as number;
      // Cells touch: rounding outwards leaves no hairline gaps between them.
      const width = Math.max(1, Math.ceil((rights[i] as number) - left));
      ctx.fillStyle = color(count, heatmap.max);
      ctx.fillRect(Math.floor(left), Math.floor(top), width, Math.ceil(bottom - top));
    });
  });
  ctx.restore();
}
