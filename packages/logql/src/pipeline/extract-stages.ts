// `| regexp "..."` (named groups, unanchored RE2 search) and `| pattern "..."`: each named capture
// becomes a parsed label, suffixed `_extracted` where the stream already has the name.
import { compilePatternParser } from './pattern';
import { compileSearch } from './search-regex';
import { StageError, type StageFn, sanitizeLabelKey } from './stage';

const labelName = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function regexpStage(pattern: string): StageFn {
  const re = compileSearch(pattern);
  const names = Object.keys(re.namedGroups());
  if (names.length === 0) throw new StageError('at least one named capture must be supplied');
  for (const n of names) {
    if (!labelName.test(n)) throw new StageError(`invalid extracted label name '${n}'`);
  }
  return (entry) => {
    const m = re.matcher(entry.line);
    if (!m.find()) return true;
    for (const n of names) {
      // An unmatched optional group gives an empty label, as Go's nil submatch does in Loki.
      const value = m.group(n) ?? '';
      const key = entry.labels.dedupName(sanitizeLabelKey(n));
      if (!entry.labels.hasParsed(key)) entry.labels.set('parsed', key, value);
    }
    return true;
  };
}

export function patternStage(pattern: string): StageFn {
  const parser = compilePatternParser(pattern);
  return (entry) => {
    const values = parser.matches(entry.line);
    values.forEach((value, i) => {
      const key = entry.labels.dedupName(parser.names[i] as string);
      if (!entry.labels.hasParsed(key)) entry.labels.set('parsed', key, value);
    });
    return true;
  };
}
