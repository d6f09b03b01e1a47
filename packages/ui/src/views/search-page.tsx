import { useMemo } from 'preact/hooks';
import { searchTraces } from '../api/client.js';
import { useFetch } from '../api/use-fetch.js';
import {
  decodeSearch,
  encodeSearch,
  isSearch,
  type SearchState,
  type SortOrder,
  traceQuery,
} from '../model/search-state.js';
import { sortSummaries, summariseTrace } from '../model/trace-summary.js';
import { traceqlFromSearch } from '../model/traceql/from-search.js';
import { isTraceqlMode, traceqlPath } from '../model/traceql/url-state.js';
import { navigate } from '../router.js';
import { DurationScatter } from './duration-scatter.js';
import { SearchForm } from './search-form.js';
import { SearchModeTabs } from './search-mode-tabs.js';
import { TraceResults } from './trace-results.js';
import { TraceqlMode } from './traceql-mode.js';

/** /search: the form, or with `mode=traceql` a TraceQL query (model/traceql/url-state.ts). */
export function SearchPage({ search }: { search: string }) {
  if (isTraceqlMode(new URLSearchParams(search))) return <TraceqlMode search={search} />;
  return <FormSearch search={search} />;
}

/** The form, then (when the URL names a service) the scatter and the result list. */
function FormSearch({ search }: { search: string }) {
  const state = useMemo(() => decodeSearch(new URLSearchParams(search)), [search]);
  // The URL's start and end fix the window, so the same link finds the same traces; without
  // them the lookback counts from when the URL was opened (not from each render).
  const query = useMemo(() => (isSearch(state) ? traceQuery(state, Date.now()) : null), [state]);
  const key = query && !('error' in query) ? query.toString() : null;
  const result = useFetch(key, (signal) => searchTraces(query as URLSearchParams, signal));
  const summaries = useMemo(
    () =>
      result.status === 'done' ? sortSummaries(result.data.map(summariseTrace), state.sort) : [],
    [result, state.sort],
  );
  const go = (next: SearchState) => navigate(`/search?${encodeSearch(next)}`);
  const formQuery = encodeSearch(state).toString();
  return (
    <>
      <SearchModeTabs
        mode="form"
        formHref={formQuery ? `/search?${formQuery}` : '/search'}
        traceqlHref={traceqlPath(traceqlFromSearch(state))}
      />
      <div class="search-page">
        <SearchForm initial={state} onSearch={go} />
        <section class="results">
          {query && 'error' in query && <p class="error">{query.error}</p>}
          {!isSearch(state) && <p class="notice">Choose a service and search.</p>}
          {result.status === 'loading' && <p class="notice">Searching…</p>}
          {result.status === 'error' && <p class="error">{result.message}</p>}
          {result.status === 'done' && summaries.length === 0 && (
            <p class="notice">
              No traces match. Widen the time range or drop a filter; if the lab is idle, run{' '}
              <code>npm run traffic</code>.
            </p>
          )}
          {summaries.length > 0 && (
            <>
              <DurationScatter summaries={summaries} />
              <TraceResults
                summaries={summaries}
                sort={state.sort}
                onSort={(sort: SortOrder) => go({ ...state, sort })}
              />
            </>
          )}
        </section>
      </div>
    </>
  );
}
