import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { searchTraces } from '../../api/client.js';
import { useFetch } from '../../api/use-fetch.js';
import { rangeSeconds } from '../../model/metrics/range.js';
import {
  type TraceqlResult,
  traceqlResults,
  tracesWithoutServices,
  withServices,
} from '../../model/traceql/search-results.js';
import {
  decodeTraceqlState,
  searchParams,
  type TraceqlState,
  traceqlPath,
} from '../../model/traceql/url-state.js';
import { navigate } from '../../router.js';
import { RangeInputs } from '../range-inputs.js';
import { SearchModeTabs } from '../search-mode-tabs.js';
import { searchTraceql } from './tempo-api.js';
import { TraceqlEditor } from './traceql-editor.js';
import { TraceqlResults } from './traceql-results.js';
import '../metrics/metrics.css';
import './traceql.css';

/** Traces looked up per request, so the URL stays well under the server's header limit. */
const LOOKUP_BATCH = 50;

/** The traces (Jaeger JSON) of these ids, in batches of LOOKUP_BATCH asked at once. */
async function tracesOf(ids: string[], signal: AbortSignal) {
  const batches = [];
  for (let at = 0; at < ids.length; at += LOOKUP_BATCH) {
    const batch = ids.slice(at, at + LOOKUP_BATCH).map((id) => ['traceID', id]);
    batches.push(searchTraces(new URLSearchParams(batch), signal));
  }
  return (await Promise.all(batches)).flat();
}

/** The page's range in epoch seconds as completion asks for it: ending now unless fixed. */
const completionRange = (state: TraceqlState) => {
  const end = state.end ?? Math.floor(Date.now() / 1000) + 1;
  return { start: end - rangeSeconds(state.range), end };
};

/**
 * /search?mode=traceql: a TraceQL query against this backend's Tempo API (/api/search), each
 * trace found listed with its matched spans. Tempo names a matched span's service only when the
 * query names resource.service.name; for the others the traces are read once (Jaeger's
 * /api/traces?traceID=…) to fill it in.
 */
export function TraceqlView({ search }: { search: string }) {
  const state = useMemo(() => decodeTraceqlState(new URLSearchParams(search)), [search]);
  const [draft, setDraft] = useState(state.query);
  const [runs, setRuns] = useState(0);
  useEffect(() => setDraft(state.query), [state.query]);
  const stateRef = useRef(state);
  stateRef.current = state;

  const update = (patch: Partial<TraceqlState>) => navigate(traceqlPath({ ...state, ...patch }));
  const run = (text: string) => {
    const query = text.trim();
    if (query !== state.query) update({ query });
    setRuns((n) => n + 1);
  };

  // The window is fixed when the query runs; Run again, or a new range, searches anew.
  const key = state.query
    ? JSON.stringify([state.query, state.range, state.end, state.limit, runs])
    : null;
  const answer = useFetch(key, async (signal) =>
    traceqlResults(await searchTraceql(searchParams(state, Date.now()), signal)),
  );
  const found = answer.status === 'done' ? answer.data : null;
  const missing = useMemo(() => (found ? tracesWithoutServices(found) : []), [found]);
  const services = useFetch(missing.length > 0 ? `${key}:${missing}` : null, (signal) =>
    tracesOf(missing, signal),
  );
  const results: TraceqlResult[] | null = useMemo(() => {
    if (!found) return null;
    return services.status === 'done' ? withServices(found, services.data) : found;
  }, [found, services]);

  return (
    <div class="traceql-page">
      <SearchModeTabs mode="traceql" formHref="/search" traceqlHref={traceqlPath(state)} />
      <form
        class="traceql-form"
        onSubmit={(event) => {
          event.preventDefault();
          run(draft);
        }}
      >
        <TraceqlEditor
          value={draft}
          onChange={setDraft}
          onRun={run}
          range={() => completionRange(stateRef.current)}
        />
        <div class="metrics-controls">
          <button type="submit" class="primary">
            Run
          </button>
          <RangeInputs state={state} onChange={update} />
          <label>
            Limit{' '}
            <select
              aria-label="limit"
              value={state.limit}
              onChange={(e) => update({ limit: Number(e.currentTarget.value) })}
            >
              {[...new Set([20, 50, 100, 500, state.limit])].map((n) => (
                <option key={n} value={n}>
                  {n} traces
                </option>
              ))}
            </select>
          </label>
        </div>
      </form>
      {answer.status === 'idle' && (
        <p class="notice">
          Type a TraceQL query and press Enter, e.g.{' '}
          <code>{'{ resource.service.name = "demo-app" && duration > 100ms }'}</code> or{' '}
          <code>{'{ name = "process_payment" } >> { status = error }'}</code>.
        </p>
      )}
      {answer.status === 'loading' && <p class="notice">Searching…</p>}
      {answer.status === 'error' && <pre class="error traceql-error">{answer.message}</pre>}
      {services.status === 'error' && (
        <p class="error">Cannot read the services of the matched spans: {services.message}</p>
      )}
      {results && results.length === 0 && (
        <p class="notice">
          No traces match. Widen the range or loosen the query; if the lab is idle, run{' '}
          <code>npm run traffic</code>.
        </p>
      )}
      {results && results.length > 0 && (
        <>
          <p class="muted traceql-count">
            {results.length} trace{results.length === 1 ? '' : 's'}
            {results.length >= state.limit ? ` (the limit: raise it to see more)` : ''}
          </p>
          <TraceqlResults results={results} />
        </>
      )}
    </div>
  );
}
