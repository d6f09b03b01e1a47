/**
 * Durations as Prometheus's model.ParseDuration reads them: whole-number units from years down
 * to milliseconds, each at most once and in descending order ("1h30m", "15s", "500ms"), or "0".
 */
const DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

const UNIT_MS = [
  365 * 24 * 3_600_000, // y (Prometheus's years are 365 days)
  7 * 24 * 3_600_000, // w
  24 * 3_600_000, // d
  3_600_000, // h
  60_000, // m
  1000, // s
  1, // ms
];

/** Milliseconds, or an error message in Prometheus's words. */
export function parsePrometheusDuration(text: string): { ms: number } | { error: string } {
  if (text === '') return { error: 'empty duration string' };
  if (text === '0') return { ms: 0 };
  const match = DURATION.exec(text);
  if (!match) return { error: `not a valid duration string: ${JSON.stringify(text)}` };
  let ms = 0;
  for (let i = 0; i < UNIT_MS.length; i++) {
    const digits = match[i + 1];
    if (digits !== undefined) ms += Number(digits) * (UNIT_MS[i] as number);
  }
  if (!Number.isSafeInteger(ms)) return { error: `duration out of range: ${JSON.stringify(text)}` };
  return { ms };
}

/** The canonical text Prometheus prints for a duration (largest units first, "0s" for zero). */
export function formatPrometheusDuration(ms: number): string {
  if (ms === 0) return '0s';
  const names = ['y', 'w', 'd', 'h', 'm', 's', 'ms'];
  let rest = ms;
  let text = '';
  for (let i = 0; i < UNIT_MS.length; i++) {
    const unit = UNIT_MS[i] as number;
    const count = Math.floor(rest / unit);
    if (count > 0) {
      text += `${count}${names[i]}`;
      rest -= count * unit;
    }
  }
  return text;
}
