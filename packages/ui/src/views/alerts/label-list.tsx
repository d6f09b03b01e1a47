/** Labels as name="value" pills; the text is telemetry, so it is only ever text. */
export function LabelList({
  labels,
  skip,
}: {
  labels?: Readonly<Record<string, string>> | null;
  /** A label shown elsewhere already (alertname beside the alert's name). */
  skip?: string;
}) {
  const entries = Object.entries(labels ?? {}).filter(([name]) => name !== skip);
  if (entries.length === 0) return null;
  return (
    <span class="alert-labels">
      {entries.map(([name, value]) => (
        <span key={name} class="alert-label">
          {name}="{value}"
        </span>
      ))}
    </span>
  );
}
