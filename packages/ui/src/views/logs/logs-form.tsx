import { useEffect, useState } from 'preact/hooks';
import { fetchServices } from '../../api/client.js';
import { useFetch } from '../../api/use-fetch.js';
import { SEVERITIES } from '../../model/logs/log-lines.js';
import {
  formatAttrFilters,
  type LogsState,
  parseAttrFilters,
} from '../../model/logs/logs-state.js';
import { WINDOWS_MS } from '../../model/time-windows.js';

/** The log filters: a draft until Search puts it in the URL. */
export function LogsForm(props: { initial: LogsState; onSearch: (state: LogsState) => void }) {
  const [draft, setDraft] = useState(props.initial);
  const [attrText, setAttrText] = useState(formatAttrFilters(props.initial.attrs));
  useEffect(() => {
    setDraft(props.initial);
    setAttrText(formatAttrFilters(props.initial.attrs));
  }, [props.initial]);
  const services = useFetch('services', fetchServices);
  const serviceList = services.status === 'done' ? services.data : [];
  const attrs = parseAttrFilters(attrText);
  const set = (field: 'service' | 'minSeverity' | 'text' | 'range' | 'traceId') => (event: Event) =>
    setDraft({ ...draft, [field]: (event.currentTarget as HTMLInputElement).value });
  const submit = (event: Event) => {
    event.preventDefault();
    if (attrs.ok) props.onSearch({ ...draft, attrs: attrs.attrs });
  };
  return (
    <form class="logs-form" onSubmit={submit}>
      <label>
        Service
        <select name="service" value={draft.service} onChange={set('service')}>
          <option value="">all</option>
          {draft.service && !serviceList.includes(draft.service) && (
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
        Min severity
        <select name="minSeverity" value={draft.minSeverity} onChange={set('minSeverity')}>
          <option value="">any</option>
          {SEVERITIES.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <label class="grow">
        Text
        <input name="text" value={draft.text} onInput={set('text')} placeholder="order created" />
      </label>
      <label class="grow">
        Attributes
        <input
          name="attrs"
          value={attrText}
          onInput={(e) => setAttrText(e.currentTarget.value)}
          placeholder="order.id=o-1 http.route=/api/orders"
          aria-invalid={!attrs.ok}
        />
      </label>
      <label>
        Range
        <select name="range" value={draft.range} onChange={set('range')}>
          {Object.keys(WINDOWS_MS).map((key) => (
            <option key={key} value={key}>
              Last {key}
            </option>
          ))}
        </select>
      </label>
      {draft.traceId && (
        <label>
          Trace id
          <input name="traceId" value={draft.traceId} onInput={set('traceId')} />
        </label>
      )}
      <button type="submit" class="primary" disabled={!attrs.ok}>
        Search
      </button>
      {!attrs.ok && <p class="error">{attrs.error}</p>}
    </form>
  );
}
