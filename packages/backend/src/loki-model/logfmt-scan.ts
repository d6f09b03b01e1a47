/**
 * Key-value pairs of a logfmt line, as go-logfmt's decoder reads them (which Loki's level
 * detection uses): a key runs to `=`, a space or a quote; a value is bare (to the next space)
 * or double-quoted with JSON-style escapes; a key without `=` has the empty value. Only what
 * level detection needs; the LogQL `logfmt` parser is the engine's.
 */
export function* scanLogfmt(line: string): Generator<[string, string]> {
  let i = 0;
  const n = line.length;
  while (i < n) {
    while (i < n && line.charCodeAt(i) <= 32) i++;
    const keyStart = i;
    while (i < n && line[i] !== '=' && line.charCodeAt(i) > 32 && line[i] !== '"') i++;
    const key = line.slice(keyStart, i);
    if (key === '') {
      // A stray quote or `=` where a key should be: go-logfmt stops with a syntax error.
      return;
    }
    if (line[i] !== '=') {
      yield [key, ''];
      continue;
    }
    i++;
    if (line[i] === '"') {
      let j = i + 1;
      let escaped = false;
      while (j < n && (escaped || line[j] !== '"')) {
        escaped = !escaped && line[j] === '\\';
        j++;
      }
      if (j >= n) return;
      const quoted = line.slice(i, j + 1);
      let value: string;
      try {
        value = JSON.parse(quoted) as string;
      } catch {
        value = quoted.slice(1, -1);
      }
      yield [key, value];
      i = j + 1;
    } else {
      const valueStart = i;
      while (i < n && line.charCodeAt(i) > 32) i++;
      yield [key, line.slice(valueStart, i)];
    }
  }
}
