import { formatDuration } from '../model/format.js';
import type { SpanNode } from '../model/span-tree.js';
import type { CriticalSegment } from '../model/trace-stats.js';

export interface SpanRowProps {
  node: SpanNode;
  top: number;
  height: number;
  color: string | undefined;
  /** Where a time (µs since the epoch) sits on the time axis, as a CSS percentage. */
  at: (t: number) => string;
  /** How wide a stretch of time is on the time axis, as a CSS percentage. */
  width: (from: number, to: number) => string;
  critical: CriticalSegment[];
  collapsed: boolean;
  focused: boolean;
  open: boolean;
  /** Matched by the TraceQL query the trace was opened from. */
  matched: boolean;
  onClick: () => void;
  onToggle: () => void;
}

/** One waterfall row: a dumb view of its span, placed by the list that virtualises it. */
export function SpanRow(props: SpanRowProps) {
  const { node } = props;
  const classes = ['span-row'];
  if (props.focused) classes.push('focused');
  if (props.open) classes.push('open');
  if (node.isError) classes.push('has-error');
  if (props.matched) classes.push('matched');
  const parent = node.children.length > 0;
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the tree's keys are on its container
    <div
      class={classes.join(' ')}
      role="treeitem"
      tabIndex={-1}
      aria-selected={props.focused}
      aria-expanded={parent ? !props.collapsed : undefined}
      data-span-id={node.id}
      style={{ top: `${props.top}px`, height: `${props.height}px` }}
      onClick={props.onClick}
    >
      <div class="label-col" style={{ paddingLeft: `${node.depth * 14 + 4}px` }}>
        {parent ? (
          <button
            type="button"
            class="twisty"
            tabIndex={-1}
            aria-label={props.collapsed ? 'expand' : 'collapse'}
            onClick={(e) => {
              e.stopPropagation();
              props.onToggle();
            }}
          >
            {props.collapsed ? '▸' : '▾'}
          </button>
        ) : (
          <span class="twisty" />
        )}
        <span class="service-mark" style={{ background: props.color }} />
        <span class="service-name">{node.service}</span>
        <span class="operation-name">{node.span.operationName}</span>
        {props.matched && (
          <span
            class="match-mark"
            role="img"
            title="matched the TraceQL query"
            aria-label="matched"
          >
            ◆
          </span>
        )}
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
            left: props.at(node.start),
            width: props.width(node.start, node.end),
            background: props.color,
          }}
        />
        {props.critical.map((s) => (
          <span
            key={s.start}
            class="critical"
            style={{ left: props.at(s.start), width: props.width(s.start, s.end) }}
          />
        ))}
        <span class="bar-label" style={{ left: props.at(node.end) }}>
          {formatDuration(node.end - node.start)}
        </span>
      </div>
    </div>
  );
}
