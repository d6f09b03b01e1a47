/** Which rows of a fixed-height list to render, so a 10,000-span trace draws only what is seen. */
export interface VirtualWindow {
  /** First row to render (inclusive). */
  first: number;
  /** Past the last row to render (exclusive). */
  last: number;
  /** Pixels above the first rendered row. */
  offsetTop: number;
  totalHeight: number;
}

export function virtualWindow(options: {
  count: number;
  rowHeight: number;
  scrollTop: number;
  viewportHeight: number;
  /** Extra rows above and below, so fast scrolling shows no gap. */
  overscan?: number;
}): VirtualWindow {
  const { count, rowHeight } = options;
  const overscan = options.overscan ?? 10;
  const totalHeight = count * rowHeight;
  const top = Math.max(0, Math.min(options.scrollTop, totalHeight));
  const first = Math.max(0, Math.floor(top / rowHeight) - overscan);
  const visible = Math.ceil(Math.max(0, options.viewportHeight) / rowHeight) + 1;
  const last = Math.min(count, Math.floor(top / rowHeight) + visible + overscan);
  return { first, last: Math.max(first, last), offsetTop: first * rowHeight, totalHeight };
}

/** The scrollTop that brings `row` into view, or the current one when it is already visible. */
export function scrollToShow(
  row: number,
  rowHeight: number,
  scrollTop: number,
  viewportHeight: number,
): number {
  const top = row * rowHeight;
  if (top < scrollTop) return top;
  if (top + rowHeight > scrollTop + viewportHeight) return top + rowHeight - viewportHeight;
  return scrollTop;
}
