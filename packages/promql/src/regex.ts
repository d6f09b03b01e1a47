// Go RE2 patterns as JavaScript regular expressions, fully anchored as PromQL requires.
const cache = new Map<string, RegExp>();

/** Compiles `^(?s:pattern)$`, translating RE2 syntax JavaScript lacks (inline (?i) groups, \z, \Q..\E). */
export function compileAnchored(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (re) return re;
  const body = translate(pattern);
  try {
    re = new RegExp(`^(?:${body})$`, 'su');
  } catch {
    re = new RegExp(`^(?:${body})$`, 's');
  }
  if (cache.size > 1000) cache.clear();
  cache.set(pattern, re);
  return re;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

function bothCases(c: string): string {
  const lower = c.toLowerCase();
  const upper = c.toUpperCase();
  return lower === upper ? c : `${lower}${upper}`;
}

/**
 * Rewrites case-insensitive regions ((?i) and (?i:...)) by spelling letters in both cases, since
 * Node 20's RegExp has no inline modifiers. Named groups (?P<n>) become (?<n>).
 */
function translate(pattern: string): string {
  let out = '';
  const stack: boolean[] = [];
  let ci = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\') {
      const next = pattern[i + 1] ?? '';
      if (next === 'Q') {
        const end = pattern.indexOf('\\E', i + 2);
        const literal = pattern.slice(i + 2, end < 0 ? pattern.length : end);
        out += ci
          ? literal.replace(/./gsu, (ch) =>
              bothCases(ch).length > 1 ? `[${bothCases(ch)}]` : escapeRegex(ch),
            )
          : escapeRegex(literal);
        i = end < 0 ? pattern.length : end + 1;
        continue;
      }
      if (next === 'z') {
        out += '$';
        i++;
        continue;
      }
      out += c + next;
      i++;
      continue;
    }
    if (c === '[') {
      // Copy the class, adding the other case of letters and ranges in case-insensitive regions.
      let j = i + 1;
      let cls = '[';
      if (pattern[j] === '^') {
        cls += '^';
        j++;
      }
      if (pattern[j] === ']') {
        cls += '\\]';
        j++;
      }
      let extra = '';
      while (j < pattern.length && pattern[j] !== ']') {
        const ch = pattern[j] as string;
        if (ch === '\\') {
          cls += ch + (pattern[j + 1] ?? '');
          j += 2;
          continue;
        }
        if (ch === '[' && pattern[j + 1] === ':') {
          const end = pattern.indexOf(':]', j);
          cls += posixClass(pattern.slice(j + 2, end));
          j = end + 2;
          continue;
        }
        if (pattern[j + 1] === '-' && pattern[j + 2] && pattern[j + 2] !== ']') {
          const to = pattern[j + 2] as string;
          cls += `${ch}-${to}`;
          if (ci && /[a-zA-Z]/.test(ch) && /[a-zA-Z]/.test(to)) {
            const swap = (x: string) => (x === x.toLowerCase() ? x.toUpperCase() : x.toLowerCase());
            extra += `${swap(ch)}-${swap(to)}`;
          }
          j += 3;
          continue;
        }
        cls += ci ? bothCases(ch) : ch;
        j++;
      }
      out += `${cls}${extra}]`;
      i = j;
      continue;
    }
    if (c === '(') {
      const flags = /^\(\?([a-zA-Z]*)(?:-([a-zA-Z]*))?([:)])/.exec(pattern.slice(i));
      if (flags && pattern[i + 1] === '?') {
        const on = flags[1] ?? '';
        const off = flags[2] ?? '';
        const next: boolean = on.includes('i') ? true : off.includes('i') ? false : ci;
        if (flags[3] === ')') {
          // (?i) changes the flags for the rest of the enclosing group.
          ci = next;
          i += flags[0].length - 1;
          continue;
        }
        stack.push(ci);
        ci = next;
        out += '(?:';
        i += flags[0].length - 1;
        continue;
      }
      if (pattern.startsWith('(?P<', i)) {
        stack.push(ci);
        out += '(?<';
        i += 3;
        continue;
      }
      stack.push(ci);
      out += c;
      continue;
    }
    if (c === ')') {
      ci = stack.pop() ?? false;
      out += c;
      continue;
    }
    out += ci && bothCases(c).length > 1 ? `[${bothCases(c)}]` : c;
  }
  return out;
}

function posixClass(name: string): string {
  const classes: Record<string, string> = {
    alnum: '0-9A-Za-z',
    alpha: 'A-Za-z',
    ascii: '\\x00-\\x7F',
    blank: '\\t ',
    cntrl: '\\x00-\\x1F\\x7F',
    digit: '0-9',
    graph: '!-~',
    lower: 'a-z',
    print: ' -~',
    punct: '!-\\/:-@\\[-`{-~',
    space: '\\t\\n\\v\\f\\r ',
    upper: 'A-Z',
    word: '0-9A-Za-z_',
    xdigit: '0-9A-Fa-f',
  };
  return classes[name] ?? '';
}
