import { useMemo, useState } from 'preact/hooks';
import { fetchTrace, fetchTraceLogs } from '../api/client.js';
import { useFetch } from '../api/use-fetch.js';
import { formatDuration, formatTime } from '../model/format.js';
import type { JaegerTrace, LogRecordView } from '../model/jaeger-types.js';
import { serviceColors } from '../model/service-colors.js';
import { buildSpanTree, type SpanNode } from '../model/span-tree.js';
import { criticalPath, errorSpans, selfTime, slowestSpan } from '../model/trace-stats.js';
import { decodeMatches } from '../model/traceql/matched-spans.js';
import { expandTo, visibleRows } from '../model/waterfall-rows.js';
import { navigate } from '../router.js';
import { SpanDetails } from './span-details.js';
import { TraceLogs } from './trace-logs.js';
import { Waterfall } from './waterfall.js';

/** /trace/{id}: the trace's waterfall, the chosen span's details and the trace's logs. */
export function TracePage({ traceId, search }: { traceId: string; search: string }) {
  const trace = useFetch(`trace:${traceId}`, (signal) => fetchTrace(traceId, signal));
  const logs = useFetch(`logs:${traceId}`, (signal) => fetchTraceLogs(traceId, signal));
  if (trace.status === 'loading' || trace.status === 'idle')
    return <p class="notice">Loading trace {traceId}…</p>;
  if (trace.status === 'error') return <p class="error">{trace.message}</p>;
  const params = new URLSearchParams(search);
  return (
    <TraceView
      trace={trace.data}
      logs={logs.status === 'done' ? logs.data : []}
      logsNote={
        logs.status === 'error'
          ? logs.message
          : logs.status === 'loading'
            ? 'Loading logs…'
            : undefined
      }
      openSpan={params.get('span') ?? undefined}
      matchParam={params.get('match') ?? ''}
    />
  );
}

function TraceView(props: {
  trace: JaegerTrace;
  logs: LogRecordView[];
  logsNote: string | undefined;
  openSpan: string | undefined;
  /** The `match` parameter: span ids a TraceQL query matched (model/traceql/matched-spans.ts). */
  matchParam: string;
}) {
  const tree = useMemo(() => buildSpanTree(props.trace), [props.trace]);
  const colors = useMemo(() => serviceColors(tree.services), [tree]);
  const critical = useMemo(() => criticalPath(tree), [tree]);
  const slowest = useMemo(() => slowestSpan(tree), [tree]);
  const errors = useMemo(() => errorSpans(tree), [tree]);
  const matches = useMemo(() => {
    const ids = decodeMatches(new URLSearchParams({ match: props.matchParam }));
    return tree.order.filter((n) => ids.has(n.id));
  }, [tree, props.matchParam]);
  const matched = useMemo(() => new Set(matches.map((n) => n.id)), [matches]);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [focusedId, setFocusedId] = useState(props.openSpan ?? matches[0]?.id ?? tree.order[0]?.id);
  const [showCritical, setShowCritical] = useState(true);
  const rows = useMemo(() => visibleRows(tree, collapsed), [tree, collapsed]);
  const detailsId = props.openSpan;
  const details = detailsId ? tree.byId.get(detailsId) : undefined;
  const root = tree.roots[0];

  /** Shows a span: opens its ancestors, focuses its row, its details in the URL. */
  const open = (node: SpanNode) => {
    setCollapsed((c) => expandTo(node, c));
    setFocusedId(node.id);
    const params = new URLSearchParams(location.search);
    params.set('span', node.id);
    navigate(`${location.pathname}?${params}`, { replace: true });
  };
  /** Closes the details; the other parameters (the matched spans) stay. */
  const close = () => {
    const params = new URLSearchParams(location.search);
    params.delete('span');
    navigate(params.size > 0 ? `${location.pathname}?${params}` : location.pathname, {
      replace: true,
    });
  };
  /** Opens the span after `from` in `list` (the first when `from` is not in it, or was last). */
  const openNext = (list: SpanNode[], from: string | undefined) => {
    const at = list.findIndex((n) => n.id === from);
    const next = list[(at + 1) % list.length];
    if (next) open(next);
  };
  return (
    <div class="trace-page">
      <header class="trace-head">
        <h2>
          {root ? `${root.service}: ${root.span.operationName}` : 'empty trace'}{' '}
          <span class="trace-id">{tree.traceID}</span>
        </h2>
        <div class="trace-facts">
          <span>Started {formatTime(tree.start)}</span>
          <span>Duration {formatDuration(tree.end - tree.start)}</span>
          <span>{tree.order.length} spans</span>
          <span>{tree.services.length} services</span>
          <span class="legend">
            {tree.services.map((service) => (
              <span key={service} class="service-chip" style={{ borderColor: colors.get(service) }}>
                {service}
              </span>
            ))}
          </span>
        </div>
        <div class="trace-actions">
          {slowest && (
            <button
              type="button"
              onClick={() => open(slowest)}
              title="the span with the most time of its own"
            >
              Slowest: {slowest.span.operationName} ({formatDuration(selfTime(slowest))} self)
            </button>
          )}
          <button
            type="button"
            onClick={() => openNext(errors, focusedId)}
            disabled={errors.length === 0}
          >
            {errors.length === 0 ? 'No errors' : `Next error (${errors.length})`}
          </button>
          {matches.length > 0 && (
            <button
              type="button"
              class="next-match"
              // From the open span: the first click opens the first match, focused already.
              onClick={() => openNext(matches, detailsId)}
              title="the spans the TraceQL query matched"
            >
              Next match ({matches.length})
            </button>
          )}
          <label>
            <input
              type="checkbox"
              checked={showCritical}
              onChange={(e) => setShowCritical(e.currentTarget.checked)}
            />{' '}
            Critical path
          </label>
        </div>
      </header>
      <div class={details ? 'trace-body with-details' : 'trace-body'}>
        <Waterfall
          tree={tree}
          rows={rows}
          colors={colors}
          critical={showCritical ? critical : []}
          collapsed={collapsed}
          focusedId={focusedId}
          openId={detailsId}
          matched={matched}
          onFocus={setFocusedId}
          onOpen={(node) => (node.id === detailsId ? close() : open(node))}
          onCollapse={setCollapsed}
        />
        {details && (
          <SpanDetails
            node={details}
            tree={tree}
            logs={props.logs.filter((log) => log.spanId === details.id)}
            onClose={close}
          />
        )}
      </div>
      <TraceLogs tree={tree} logs={props.logs} note={props.logsNote} onSpan={open} />
    </div>
  );
}
