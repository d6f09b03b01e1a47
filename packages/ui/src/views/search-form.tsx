import { useEffect, useState } from 'preact/hooks';
import { fetchOperations, fetchServices } from '../api/client.js';
import { useFetch } from '../api/use-fetch.js';
import { fromLocalInput, toLocalInput } from '../model/local-time.js';
import {
  hasErrorsOnly,
  LOOKBACKS,
  type SearchState,
  withErrorsOnly,
  withTimeRange,
} from '../model/search-state.js';

const LOOKBACK_LABELS: Record<string, string> = {
  '5m': 'Last 5 minutes',
  '15m': 'Last 15 minutes',
  '30m': 'Last 30 minutes',
  '1h': 'Last hour',
  '2h': 'Last 2 hours',
  '6h': 'Last 6 hours',
  '12h': 'Last 12 hours',
  '24h': 'Last 24 hours',
  '2d': 'Last 2 days',
  '7d': 'Last 7 days',
  custom: 'Custom range',
};

/** µs since the epoch ⇄ a datetime-local input's local time, to the minute. */
const usToInput = (us: string) => (us ? toLocalInput(Number(us) / 1e6).slice(0, 16) : '');
const inputToUs = (text: string) => {
  const seconds = fromLocalInput(text);
  return seconds === null ? '' : String(seconds * 1e6);
};

/** The search form: edits a draft; Search puts it in the URL (with start and end fixed now). */
export function SearchForm(props: {
  initial: SearchState;
  onSearch: (state: SearchState) => void;
}) {
  const [draft, setDraft] = useState(props.initial);
  useEffect(() => setDraft(props.initial), [props.initial]);
  const services = useFetch('services', fetchServices);
  const operations = useFetch(draft.service || null, (signal) =>
    fetchOperations(draft.service, signal),
  );
  const serviceList = services.status === 'done' ? services.data : [];
  useEffect(() => {
    // The first service, as Jaeger UI picks one, so a fresh lab searches with one click.
    if (!draft.service && serviceList[0])
      setDraft((d) => ({ ...d, service: serviceList[0] ?? '' }));
  }, [serviceList, draft.service]);
  const set = (field: keyof SearchState) => (event: Event) =>
    setDraft({ ...draft, [field]: (event.currentTarget as HTMLInputElement).value });
  const submit = (event: Event) => {
    event.preventDefault();
    // A search from the form is a search by its fields, not for the traces a link named.
    const fields = { ...draft, traceIDs: [] };
    props.onSearch(fields.lookback === 'custom' ? fields : withTimeRange(fields, Date.now()));
  };
  return (
    <form class="search-form" onSubmit={submit}>
      <h2>Find traces</h2>
      {services.status === 'error' && <p class="error">{services.message}</p>}
      {services.status === 'done' && serviceList.length === 0 && (
        <p class="notice">
          No traces yet: start the lab with <code>npm start</code>, then run{' '}
          <code>npm run traffic</code>.
        </p>
      )}
      <label>
        Service
        <select
          name="service"
          value={draft.service}
          onChange={(e) => setDraft({ ...draft, service: e.currentTarget.value, operation: '' })}
        >
          {!serviceList.includes(draft.service) && (
            <option value={draft.service}>{draft.service}</option>
          )}
          {serviceList.map((service) => (
            <option key={service} value={service}>
              {service}
            </option>
          ))}
        </select>
      </label>
      <label>
        Operation
        <select name="operation" value={draft.operation} onChange={set('operation')}>
          <option value="">all</option>
          {operations.status === 'done' &&
            operations.data.map((operation) => (
              <option key={operation} value={operation}>
                {operation}
              </option>
            ))}
        </select>
      </label>
      <label>
        Tags
        <input
          name="tags"
          value={draft.tags}
          onInput={set('tags')}
          placeholder="http.status_code=500 error=true"
        />
      </label>
      <label class="check">
        <input
          type="checkbox"
          name="errorsOnly"
          checked={hasErrorsOnly(draft.tags)}
          onChange={(e) =>
            setDraft({ ...draft, tags: withErrorsOnly(draft.tags, e.currentTarget.checked) })
          }
        />
        Errors only
      </label>
      <label>
        Lookback
        <select name="lookback" value={draft.lookback} onChange={set('lookback')}>
          {[...Object.keys(LOOKBACKS), 'custom'].map((key) => (
            <option key={key} value={key}>
              {LOOKBACK_LABELS[key] ?? key}
            </option>
          ))}
        </select>
      </label>
      {draft.lookback === 'custom' && (
        <div class="pair">
          <label>
            From
            <input
              type="datetime-local"
              value={usToInput(draft.start)}
              onInput={(e) => setDraft({ ...draft, start: inputToUs(e.currentTarget.value) })}
            />
          </label>
          <label>
            To
            <input
              type="datetime-local"
              value={usToInput(draft.end)}
              onInput={(e) => setDraft({ ...draft, end: inputToUs(e.currentTarget.value) })}
            />
          </label>
        </div>
      )}
      <div class="pair">
        <label>
          Min duration
          <input
            name="minDuration"
            value={draft.minDuration}
            onInput={set('minDuration')}
            placeholder="100ms"
          />
        </label>
        <label>
          Max duration
          <input
            name="maxDuration"
            value={draft.maxDuration}
            onInput={set('maxDuration')}
            placeholder="1.5s"
          />
        </label>
      </div>
      <label>
        Limit
        <input name="limit" type="number" min="1" value={draft.limit} onInput={set('limit')} />
      </label>
      <button type="submit" class="primary" disabled={!draft.service}>
        Find traces
      </button>
    </form>
  );
}
