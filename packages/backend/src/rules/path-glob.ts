import { lstat, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Go's filepath.Glob, which Prometheus applies to each `rule_files` entry: `*`, `?`, `[...]` (with
 * `^` negation and ranges) and `\` escapes, each within one path segment; no `**`, no braces; dot
 * files match `*`. Hand-written because the glob libraries in reach (picomatch, tinyglobby) follow
 * bash (globstar, braces, extglobs, hidden files) and would match names Prometheus does not.
 */
export async function pathGlob(pattern: string): Promise<string[]> {
  segmentMatcher(pattern); // a malformed pattern fails even when no file would be tried
  if (!hasMeta(pattern)) return (await exists(pattern)) ? [pattern] : [];
  const dir = cleanDir(dirname(pattern));
  const file = basename(pattern);
  if (!hasMeta(dir)) return globIn(dir, file);
  if (dir === pattern) throw new Error(`syntax error in pattern: ${pattern}`);
  const found: string[] = [];
  for (const d of await pathGlob(dir)) found.push(...(await globIn(d, file)));
  return found;
}

/** Whether `name` (one path segment) matches `pattern`, as Go's filepath.Match. */
export function matchSegment(pattern: string, name: string): boolean {
  return segmentMatcher(pattern).test(name);
}

const hasMeta = (p: string) => /[*?[\\]/.test(p);

function cleanDir(dir: string): string {
  return dir === '' ? '.' : dir.length > 1 ? dir.replace(/\/+$/, '') : dir;
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

async function globIn(dir: string, pattern: string): Promise<string[]> {
  const isDir = await stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDir) return [];
  const matcher = segmentMatcher(pattern);
  const names = (await readdir(dir)).sort(); // Go sorts by byte order; names here are compared as UTF-16
  return names.filter((n) => matcher.test(n)).map((n) => (dir === '.' ? n : join(dir, n)));
}

const escapeChar = (c: string) => c.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
const escapeClassChar = (c: string) => c.replace(/[\\\][^-]/g, '\\$&');

/** The pattern as an anchored regular expression; throws on what Go calls ErrBadPattern. */
function segmentMatcher(pattern: string): RegExp {
  const bad = () => new Error(`syntax error in pattern: ${pattern}`);
  const chars = [...pattern];
  let source = '';
  let i = 0;
  // One possibly escaped character of a class; throws where Go's getEsc does.
  const classChar = (): string => {
    let c = chars[i];
    if (c === undefined || c === '-' || c === ']') throw bad();
    if (c === '\\') {
      i++;
      c = chars[i];
      if (c === undefined) throw bad();
    }
    i++;
    return c;
  };
  while (i < chars.length) {
    const c = chars[i] as string;
    if (c === '*') {
      source += '[^/]*';
      i++;
    } else if (c === '?') {
      source += '[^/]';
      i++;
    } else if (c === '\\') {
      const next = chars[i + 1];
      if (next === undefined) throw bad();
      source += escapeChar(next);
      i += 2;
    } else if (c === '[') {
      i++;
      const negated = chars[i] === '^';
      if (negated) i++;
      let body = '';
      do {
        const lo = classChar();
        let hi = lo;
        if (chars[i] === '-') {
          i++;
          hi = classChar();
          if ((hi.codePointAt(0) ?? 0) < (lo.codePointAt(0) ?? 0)) throw bad();
        }
        body += lo === hi ? escapeClassChar(lo) : `${escapeClassChar(lo)}-${escapeClassChar(hi)}`;
      } while (chars[i] !== ']');
      i++;
      source += negated ? `[^${body}]` : `[${body}]`;
    } else {
      source += escapeChar(c);
      i++;
    }
  }
  return new RegExp(`^${source}$`, 'su');
}
