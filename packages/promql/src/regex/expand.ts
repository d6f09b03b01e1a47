// Go's Regexp.ExpandString, which label_replace uses for its replacement: $1, ${1}, $name and
// ${name} insert a group (nothing when it did not take part or does not exist), $$ is a dollar, and a
// malformed reference is left as written. A name is the longest run of letters, digits and `_`, so
// `$1x` is the group named "1x"; a number with a leading zero (`$01`) is a name too.

/** Groups of one match by number (0 the whole match) and the names of the named ones. */
export interface MatchGroups {
  readonly groups: readonly (string | null | undefined)[];
  /** Group numbers by name; a name may have several (Go allows that), the first that took part counts. */
  readonly names: Readonly<Record<string, readonly number[]>>;
}

const NAME = /^[\p{L}\p{Nd}_]+/u;

export function expandTemplate(template: string, match: MatchGroups): string {
  let out = '';
  let rest = template;
  for (;;) {
    const dollar = rest.indexOf('$');
    if (dollar < 0) break;
    out += rest.slice(0, dollar);
    rest = rest.slice(dollar + 1);
    if (rest.startsWith('$')) {
      out += '$';
      rest = rest.slice(1);
      continue;
    }
    const reference = readReference(rest);
    if (!reference) {
      out += '$';
      continue;
    }
    rest = rest.slice(reference.length);
    out += group(match, reference.name) ?? '';
  }
  return out + rest;
}

function readReference(text: string): { name: string; length: number } | undefined {
  const braced = text.startsWith('{');
  const name = NAME.exec(braced ? text.slice(1) : text)?.[0];
  if (!name) return undefined;
  if (!braced) return { name, length: name.length };
  if (text[name.length + 1] !== '}') return undefined;
  return { name, length: name.length + 2 };
}

function group(match: MatchGroups, name: string): string | null | undefined {
  if (/^(0|[1-9][0-9]{0,8})$/.test(name)) return match.groups[Number(name)];
  for (const index of match.names[name] ?? []) {
    const value = match.groups[index];
    if (value !== null && value !== undefined) return value;
  }
  return undefined;
}
