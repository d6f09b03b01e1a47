import type { GridPos, Panel } from './grafana-types.js';

/** Grafana's grid: 24 columns; a row unit is 30 px tall with 8 px between cells. */
export const GRID_COLUMNS = 24;
export const ROW_HEIGHT = 30;
export const GRID_GAP = 8;

export interface PlacedPanel {
  panel: Panel;
  pos: GridPos;
}

const int = (value: unknown, fallback: number, min: number, max: number) => {
  const n = typeof value === 'number' && Number.isFinite(value) ? Math.round(value) : fallback;
  return Math.min(max, Math.max(min, n));
};

/**
 * Panels in reading order with sane grid positions: widths and x clamped to the 24 columns, missing
 * heights defaulted, collapsed rows' panels flattened after their row. Sorted by y, then x.
 */
export function layoutPanels(panels: readonly Panel[] | undefined): PlacedPanel[] {
  const flat: Panel[] = [];
  for (const panel of panels ?? []) {
    if (!panel || typeof panel !== 'object') continue;
    flat.push(panel);
    if (panel.type === 'row' && Array.isArray(panel.panels)) flat.push(...panel.panels);
  }
  const placed = flat.map((panel) => {
    const g = panel.gridPos ?? {};
    const w = int(g.w, 12, 1, GRID_COLUMNS);
    const x = int(g.x, 0, 0, GRID_COLUMNS - w);
    return { panel, pos: { x, y: int(g.y, 0, 0, 10_000), w, h: int(g.h, 8, 1, 100) } };
  });
  return placed
    .map((item, index) => ({ item, index }))
    .sort((a, b) => a.item.pos.y - b.item.pos.y || a.item.pos.x - b.item.pos.x || a.index - b.index)
    .map(({ item }) => item);
}

/** CSS grid placement of a panel (1-based lines; the row span in grid rows of ROW_HEIGHT). */
export function gridArea(pos: GridPos): string {
  return `${pos.y + 1} / ${pos.x + 1} / span ${pos.h} / span ${pos.w}`;
}
