import type { TemplateVariable } from '../../model/dashboards/grafana-types.js';
import { ALL } from '../../model/dashboards/variables.js';

/** A template variable as a select (multiple when the variable is multi-valued). */
export function VariableSelect({
  variable,
  options,
  selected,
  onChange,
}: {
  variable: TemplateVariable;
  options: string[];
  selected: string[];
  onChange: (values: string[]) => void;
}) {
  const all = variable.includeAll ? [ALL] : [];
  const known = new Set([...all, ...options]);
  const extra = selected.filter((value) => !known.has(value));
  return (
    <label class="variable">
      {variable.label || variable.name}{' '}
      <select
        aria-label={variable.label || variable.name}
        multiple={variable.multi === true}
        size={
          variable.multi ? Math.min(3, all.length + extra.length + options.length) || 1 : undefined
        }
        onChange={(event) => {
          const chosen = [...event.currentTarget.selectedOptions].map((o) => o.value);
          // Picking a value after All drops All; picking All drops the rest.
          const next =
            chosen.includes(ALL) && chosen.length > 1
              ? selected.includes(ALL)
                ? chosen.filter((v) => v !== ALL)
                : [ALL]
              : chosen;
          onChange(next);
        }}
      >
        {[...all, ...extra, ...options].map((value) => (
          <option key={value} value={value} selected={selected.includes(value)}>
            {value === ALL ? 'All' : value}
          </option>
        ))}
      </select>
    </label>
  );
}
