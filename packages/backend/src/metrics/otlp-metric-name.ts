/**
 * OTLP metric names and units as Prometheus 3's OTLP receiver renders them by default
 * (translation strategy UnderscoreEscapingWithSuffixes, prometheus/otlptranslator): the name is
 * split into tokens at every character outside [a-zA-Z0-9:], the unit adds its suffix
 * ("s" → seconds, "By/s" → bytes_per_second, "1" and "{annotations}" → nothing), monotonic sums
 * end in _total and gauges of unit "1" in _ratio, each such suffix once.
 */

/** How the name builder sees a metric; only these kinds change the name. */
export type OtlpNameKind = 'gauge' | 'monotonic-counter' | 'other';

/** Maps, as they are looked up with the units senders write (a plain object has `constructor`). */
const UNIT_WORDS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    d: 'days',
    h: 'hours',
    min: 'minutes',
    s: 'seconds',
    ms: 'milliseconds',
    us: 'microseconds',
    ns: 'nanoseconds',
    By: 'bytes',
    KiBy: 'kibibytes',
    MiBy: 'mebibytes',
    GiBy: 'gibibytes',
    TiBy: 'tibibytes',
    KBy: 'kilobytes',
    MBy: 'megabytes',
    GBy: 'gigabytes',
    TBy: 'terabytes',
    m: 'meters',
    V: 'volts',
    A: 'amperes',
    J: 'joules',
    W: 'watts',
    g: 'grams',
    Cel: 'celsius',
    Hz: 'hertz',
    '1': '',
    '%': 'percent',
  }),
);

/** The word after "per_" for the denominator of a rate unit, singular. */
const PER_UNIT_WORDS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    s: 'second',
    m: 'minute',
    h: 'hour',
    d: 'day',
    w: 'week',
    mo: 'month',
    y: 'year',
  }),
);

const INVALID_METRIC_CHAR = /[^a-zA-Z0-9:]/;

/** The unit's main and "per_" suffixes before clean-up; annotations and blanks give none. */
function unitSuffixes(unit: string): { main: string; per: string } {
  const slash = unit.indexOf('/');
  const mainPart = (slash < 0 ? unit : unit.slice(0, slash)).trim();
  const perPart = slash < 0 ? '' : unit.slice(slash + 1).trim();
  const usable = (part: string) => part !== '' && !part.includes('{') && !part.includes('}');
  const main = usable(mainPart) ? (UNIT_WORDS.get(mainPart) ?? mainPart) : '';
  const perWord = usable(perPart) ? (PER_UNIT_WORDS.get(perPart) ?? perPart) : '';
  return { main, per: perWord === '' ? '' : `per_${perWord}` };
}

/** Invalid characters to "_", runs of "_" to one, no leading "_". */
function cleanUnit(unit: string): string {
  let out = '';
  for (const c of unit) {
    const next = INVALID_METRIC_CHAR.test(c) ? '_' : c;
    if (next === '_' && out.endsWith('_')) continue;
    out += next;
  }
  return out.startsWith('_') ? out.slice(1) : out;
}

/** The Prometheus metric family name, or an error when nothing usable remains. */
export function otlpMetricName(
  name: string,
  unit: string,
  kind: OtlpNameKind,
): { name: string } | { error: string } {
  let tokens = name.split(/[^a-zA-Z0-9:]+/).filter((t) => t !== '');
  const suffixes = unitSuffixes(unit);
  let main = cleanUnit(suffixes.main);
  let per = cleanUnit(suffixes.per);
  if (tokens.includes(main)) main = '';
  if (per === 'per_') per = '';
  else {
    if (per.endsWith('_')) per = per.slice(0, -1);
    if (tokens.includes(per)) per = '';
  }
  if (per !== '' && main.endsWith('_')) main = main.slice(0, -1);
  if (main !== '') tokens.push(main);
  if (per !== '') tokens.push(per);
  if (kind === 'monotonic-counter') tokens = [...tokens.filter((t) => t !== 'total'), 'total'];
  if (unit === '1' && kind === 'gauge') tokens = [...tokens.filter((t) => t !== 'ratio'), 'ratio'];
  let result = tokens.join('_');
  if (/^[0-9]/.test(result)) result = `_${result}`;
  if (result === '')
    return { error: `normalization for metric ${JSON.stringify(name)} resulted in empty name` };
  if (result !== name && /^_*$/.test(result)) {
    return {
      error: `normalization for metric ${JSON.stringify(name)} resulted in invalid name ${JSON.stringify(result)}`,
    };
  }
  return { name: result };
}

/** The unit as /api/v1/metadata shows it for an OTLP metric ("By/s" → "bytes_per_second"). */
export function otlpUnitName(unit: string): string {
  const suffixes = unitSuffixes(unit);
  const main = cleanUnit(suffixes.main);
  const per = cleanUnit(suffixes.per);
  let text = main !== '' && per !== '' ? `${main}_${per}` : main !== '' ? main : per;
  if (text.startsWith('_')) text = text.slice(1);
  if (text.endsWith('_')) text = text.slice(0, -1);
  return text;
}
