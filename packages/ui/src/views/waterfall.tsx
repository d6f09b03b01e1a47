import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { formatDuration } from '../model/format.js';
import type { SpanNode, SpanTree } from '../model/span-tree.js';
import type { CriticalSegment } from '../model/trace-stats.js';
import { scrollToShow, virtualWindow } from '../model/virtual-window.js';

const ROW_HEIGHT = 26;

export interface WaterfallProps {
  tree: SpanTree;
  rows: SpanNode[];
  colors: Map<string, string>;
  critical: CriticalSegment[];
  collapsed: ReadonlySet<string>;
  focusedId: string | undefined;
  openId: string | undefined;
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
  const pct = (t: number) => `${(100 * (t - tree.start)) / span}%`;
  const width = (a: number, b: number) => `${Math.max((100 * (b - a)) / span, 0.05)}%`;

  const toggle = (node: SpanNode) => {
    const next = new Set(props.collapsed);
    if (next.has(node.id)) next.delete(node.id);
    else next.add(node.id);
    props.onCollapse(next);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const node = rows[focusIndex] ?? rows[0];
    if (!node) return;
    const move = (to: SpanNode | undefined) => to && props.onFocus(to.id);
    switch (event.key) {
      case 'ArrowDown':
        move(rows[Math.min(focusIndex + 1, rows.length - 1)]);
        break;
      case 'ArrowUp':
        move(rows[Math.max(focusIndex - 1, 0)]);
        break;
      case 'ArrowLeft':
        if (node.children.length > 0 && !props.collapsed.has(node.id)) toggle(node);
        else move(node.parent ?? undefined);
        break;
      case 'ArrowRight':
        if (props.collapsed.has(node.id)) toggle(node);
        else move(node.children[0]);
        break;
      case 'Enter':
        props.onOpen(node);
        break;
      default:
        return;
    }
    event.preventDefault();
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
          {rows.slice(window.first, window.last).map((node, i) => {
            const color = props.colors.get(node.service);
            const classes = ['span-row'];
            if (node.id === props.focusedId) classes.push('focused');
            if (node.id === props.openId) classes.push('open');
            if (node.isError) classes.push('has-error');
            return (
              // biome-ignore lint/a11y/useKeyWithClickEvents: the tree's keys are on its container
              <div
                key={node.id}
                class={classes.join(' ')}
                role="treeitem"
                tabIndex={-1}
                aria-selected={node.id === props.focusedId}
                aria-expanded={node.children.length > 0 ? !props.collapsed.has(node.id) : undefined}
                data-span-id={node.id}
                style={{ top: `${(window.first + i) * ROW_HEIGHT}px`, height: `${ROW_HEIGHT}px` }}
                onClick={() => {
                  props.onFocus(node.id);
                  props.onOpen(node);
                }}
              >
                <div class="label-col" style={{ paddingLeft: `${node.depth * 14 + 4}px` }}>
                  {node.children.length > 0 ? (
                    <button
                      type="button"
                      class="twisty"
                      tabIndex={-1}
                      aria-label={props.collapsed.has(node.id) ? 'expand' : 'collapse'}
                      onClick={(e) => {
                        e.stopPropagation();
                        toggle(node);
                      }}
                    >
                      {props.collapsed.has(node.id) ? '▸' : '▾'}
                    </button>
                  ) : (
                    <span class="twisty" />
                  )}
                  <span class="service-mark" style={{ background: color }} />
                  <span class="service-name">{node.service}</span>
                  <span class="operation-name">{node.span.operationName}</span>
                  {node.isError && (
                    <span class="error-mark" title="error">
                      !
                    </span>
                  )}
                </div>
                <div class="time-col">
                  <span
                    class="bar"
                    style={{
                      left: pct(node.start),
                      width: width(node.start, node.end),
                      background: color,
                    }}
                  />
                  {(segments.get(node.id) ?? []).map((s) => (
                    <span
                      key={s.start}
                      class="critical"
                      style={{ left: pct(s.start), width: width(s.start, s.end) }}
                    />
                  ))}
                  <span class="bar-label" style={{ left: pct(node.end) }}>
                    {formatDuration(node.end - node.start)}
                  </span>
                </div>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
