import { fromLocalInput, toLocalInput } from '../model/local-time.js';
import { RANGES, type RangeChoice, shiftedEnd } from '../model/metrics/range.js';

/** The range (a preset, or the one a zoom chose) and the moment it ends, with ‹ › to move it. */
export function RangeInputs({
  state,
  onChange,
}: {
  state: Pick<RangeChoice, 'range' | 'end'>;
  onChange: (patch: Partial<Pick<RangeChoice, 'range' | 'end'>>) => void;
}) {
  const presets: readonly string[] = RANGES;
  return (
    <>
      <label>
        Range{' '}
        <select
          aria-label="range"
          value={state.range}
          onChange={(e) => onChange({ range: e.currentTarget.value })}
        >
          {!presets.includes(state.range) && (
            <option value={state.range}>
              {state.end === null ? `last ${state.range}` : state.range}
            </option>
          )}
          {RANGES.map((r) => (
            <option key={r} value={r}>
              {state.end === null ? `last ${r}` : r}
            </option>
          ))}
        </select>
      </label>
      <span class="range-end">
        <button
          type="button"
          title="earlier by half the range"
          aria-label="earlier"
          onClick={() => onChange({ end: shiftedEnd(state, -1, Date.now()) })}
        >
          ‹
        </button>
        <label>
          until{' '}
          <input
            type="datetime-local"
            step={1}
            aria-label="range end"
            value={state.end === null ? '' : toLocalInput(state.end)}
            onChange={(e) => onChange({ end: fromLocalInput(e.currentTarget.value) })}
          />
        </label>
        <button
          type="button"
          title="later by half the range"
          aria-label="later"
          disabled={state.end === null}
          onClick={() => onChange({ end: shiftedEnd(state, 1, Date.now()) })}
        >
          ›
        </button>
        <button
          type="button"
          title="end the range now, and follow now"
          disabled={state.end === null}
          onClick={() => onChange({ end: null })}
        >
          now
        </button>
      </span>
    </>
  );
}
