import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { formatDuration } from '../model/format.js';
import type { SpanNode, SpanTree } from '../model/span-tree.js';
import type { CriticalSegment } from '../model/trace-stats.js';
import { scrollToShow, virtualWindow } from '../model/virtual-window.js';
import { waterfallKey } from '../model/waterfall-keys.js';
import { SpanRow } from './span-row.js';

const ROW_HEIGHT = 26;
const NO_SEGMENTS: CriticalSegment[] = [];

export interface WaterfallProps {
  tree: SpanTree;
  rows: SpanNode[];
  colors: Map<string, string>;
  critical: CriticalSegment[];
  collapsed: ReadonlySet<string>;
  focusedId: string | undefined;
  openId: string | undefined;
  /** Spans a TraceQL query matched, highlighted. */
  matched: ReadonlySet<string>;
  onFocus: (id: string) => void;
  onOpen: (node: SpanNode) => void;
  onCollapse: (collapsed: ReadonlySet<string>) => void;
}

/**
 * The span tree against time. Only the rows in view are drawn (a 10,000-span trace stays
 * smooth). Keys: ↑ ↓ move, ← collapses or goes to the parent, → expands or goes to the first
 * child, Enter opens or closes the details.
 */
export function Waterfall(props: WaterfallProps) {
  const { tree, rows } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(600);
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setViewport(element.clientHeight));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  const focusIndex = rows.findIndex((n) => n.id === props.focusedId);
  useEffect(() => {
    const element = scroller.current;
    if (!element || focusIndex < 0) return;
    const top = scrollToShow(
      focusIndex,
      ROW_HEIGHT,
      element.scrollTop,
      element.clientHeight - ROW_HEIGHT,
    );
    if (top !== element.scrollTop) element.scrollTop = top;
  }, [focusIndex]);
  const segments = useMemo(() => {
    const byId = new Map<string, CriticalSegment[]>();
    for (const s of props.critical) byId.set(s.id, [...(byId.get(s.id) ?? []), s]);
    return byId;
  }, [props.critical]);

  const window = virtualWindow({
    count: rows.length,
    rowHeight: ROW_HEIGHT,
    scrollTop,
    viewportHeight: viewport,
  });
  const span = Math.max(tree.end - tree.start, 1);
  const at = (t: number) => `${(100 * (t - tree.start)) / span}%`;
  const width = (a: number, b: number) => `${Math.max((100 * (b - a)) / span, 0.05)}%`;

  const toggle = (node: SpanNode) => {
    const next = new Set(props.collapsed);
    if (next.has(node.id)) next.delete(node.id);
    else next.add(node.id);
    props.onCollapse(next);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const action = waterfallKey(event.key, rows, props.focusedId, props.collapsed);
    if (!action) return;
    event.preventDefault();
    const node = 'id' in action ? tree.byId.get(action.id) : undefined;
    if (!node) return;
    if (action.kind === 'focus') props.onFocus(node.id);
    if (action.kind === 'toggle') toggle(node);
    if (action.kind === 'open') props.onOpen(node);
  };

  const ticks = [0, 0.25, 0.5, 0.75, 1];
  return (
    <div class="waterfall">
      <div class="waterfall-head">
        <div class="label-col">Service and operation</div>
        <div class="time-col">
          {ticks.map((t) => (
            <span key={t} class="tick-label" style={{ left: `${t * 100}%` }}>
              {formatDuration(t * (tree.end - tree.start))}
            </span>
          ))}
        </div>
      </div>
      <div
        class="waterfall-rows"
        ref={scroller}
        tabIndex={0}
        role="tree"
        aria-label="spans"
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
        onKeyDown={onKeyDown}
      >
        <div style={{ height: `${window.totalHeight}px`, position: 'relative' }}>
          {rows.slice(window.first, window.last).map((node, i) => (
            <SpanRow
              key={node.id}
              node={node}
              top={(window.first + i) * ROW_HEIGHT}
              height={ROW_HEIGHT}
              color={props.colors.get(node.service)}
              at={at}
              width={width}
              critical={segments.get(node.id) ?? NO_SEGMENTS}
              collapsed={props.collapsed.has(node.id)}
              focused={node.id === props.focusedId}
              open={node.id === props.openId}
              matched={props.matched.has(node.id)}
              onClick={() => {
                props.onFocus(node.id);
                props.onOpen(node);
              }}
              onToggle={() => toggle(node)}
            />
          ))}
        </div>
      </div>
    </div>
  );
}
