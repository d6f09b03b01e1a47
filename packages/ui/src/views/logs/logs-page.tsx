import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { getJson } from '../../api/client.js';
import type { LogRecordView } from '../../model/jaeger-types.js';
import { logqlFromFilters } from '../../model/logql/from-filters.js';
import { DEFAULT_LOGQL, isLogqlMode, logqlPath } from '../../model/logql/url-state.js';
import { mergeLines, newestCursor } from '../../model/logs/log-lines.js';
import {
  decodeLogs,
  encodeLogs,
  type LogsState,
  logsQuery,
  TAIL_MAX,
} from '../../model/logs/logs-state.js';
import { navigate } from '../../router.js';
import { LogList } from './log-list.js';
import { LogqlMode } from './logql-mode.js';
import { LogsForm } from './logs-form.js';
import { LogsModeTabs } from './logs-mode-tabs.js';
import './logs.css';

interface LogsAnswer {
  logs: LogRecordView[];
  next: string | null;
}

const TAIL_EVERY_MS = 2000;
const fetchLogs = (query: URLSearchParams, signal?: AbortSignal) =>
  getJson<LogsAnswer>(`/api/logs?${query}`, signal);

/** /logs: the filter form, or with `mode=logql` a LogQL query (model/logql/url-state.ts). */
export function LogsPage({ search }: { search: string }) {
  if (isLogqlMode(new URLSearchParams(search))) return <LogqlMode search={search} />;
  return <FilterLogs search={search} />;
}

/** The filters, the newest matching lines, older pages on demand, and a live tail. */
function FilterLogs({ search }: { search: string }) {
  const state = useMemo(() => decodeLogs(new URLSearchParams(search)), [search]);
  const filterKey = encodeLogs({ ...state, live: false }).toString();
  const [lines, setLines] = useState<LogRecordView[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [status, setStatus] = useState<'loading' | 'done' | 'older'>('loading');
  const [error, setError] = useState('');
  // The window fixed when the filters were set, so older pages page through the same range.
  const searchedAt = useRef(Date.now());
  const linesRef = useRef(lines);
  linesRef.current = lines;

  useEffect(() => {
    const controller = new AbortController();
    searchedAt.current = Date.now();
    setStatus('loading');
    setError('');
    fetchLogs(logsQuery(state, searchedAt.current), controller.signal).then(
      (answer) => {
        setLines(answer.logs);
        setNext(answer.next);
        setStatus('done');
      },
      (e: Error) => {
        if (e.name === 'AbortError') return;
        setLines([]);
        setNext(null);
        setError(e.message);
        setStatus('done');
      },
    );
    return () => controller.abort();
  }, [filterKey]);

  useEffect(() => {
    if (!state.live || status === 'loading') return;
    let controller: AbortController | undefined;
    const timer = setInterval(() => {
      if (controller) return; // the previous poll is still out
      controller = new AbortController();
      const after = newestCursor(linesRef.current);
      fetchLogs(logsQuery(state, Date.now(), after ? { after } : {}), controller.signal).then(
        (answer) => {
          controller = undefined;
          setError('');
          if (answer.logs.length > 0) setLines((shown) => mergeLines(shown, answer.logs, TAIL_MAX));
        },
        (e: Error) => {
          controller = undefined;
          if (e.name !== 'AbortError') setError(`live tail: ${e.message}`);
        },
      );
    }, TAIL_EVERY_MS);
    return () => {
      clearInterval(timer);
      controller?.abort();
    };
  }, [filterKey, state.live, status === 'loading']);

  const loadOlder = () => {
    if (!next) return;
    setStatus('older');
    fetchLogs(logsQuery(state, searchedAt.current, { before: next })).then(
      (answer) => {
        setLines((shown) => mergeLines(shown, answer.logs));
        setNext(answer.next);
        setStatus('done');
      },
      (e: Error) => {
        setError(e.message);
        setStatus('done');
      },
    );
  };

  const go = (nextState: LogsState) => {
    const query = encodeLogs(nextState).toString();
    navigate(query ? `/logs?${query}` : '/logs');
  };

  return (
    <div class="logs-page">
      <LogsModeTabs
        mode="filters"
        filtersHref={`/logs${filterKey ? `?${filterKey}` : ''}`}
        logqlHref={logqlPath({
          ...DEFAULT_LOGQL,
          query: logqlFromFilters(state),
          range: state.range,
        })}
      />
      <LogsForm initial={state} onSearch={(s) => go({ ...s, live: state.live })} />
      <div class="logs-bar">
        <label class="check">
          <input
            type="checkbox"
            name="live"
            checked={state.live}
            onChange={(e) => go({ ...state, live: e.currentTarget.checked })}
          />
          Live tail {state.live && <span class="live-dot" aria-hidden="true" />}
        </label>
        <span class="muted">
          {status === 'loading'
            ? 'Searching…'
            : `${lines.length} line${lines.length === 1 ? '' : 's'}${
                state.live ? `, polling every 2 s (newest ${TAIL_MAX} kept)` : ''
              }`}
        </span>
      </div>
      {error && <p class="error">{error}</p>}
      {status !== 'loading' && lines.length === 0 && !error && (
        <p class="notice">
          No logs match. Widen the range or drop a filter; if the lab is idle, run{' '}
          <code>npm run traffic</code>.
        </p>
      )}
      {lines.length > 0 && <LogList lines={lines} />}
      {next && !state.live && (
        <button type="button" class="load-older" onClick={loadOlder} disabled={status === 'older'}>
          {status === 'older' ? 'Loading…' : 'Load older'}
        </button>
      )}
    </div>
  );
}
