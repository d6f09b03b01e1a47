// Loki's JSON label-extraction expressions for `| json name="expr"`: fields joined by dots or in
// brackets, and array indexes: `a.b`, `a["b.c"]`, `a[0].b`, `["a b"]`.

export type PathPart = string | number;

export class JsonPathError extends Error {}

export function parseJsonPath(expr: string): PathPart[] {
  const parts: PathPart[] = [];
  let i = 0;
  const fail = (): never => {
    throw new JsonPathError(`cannot parse expression [${expr}]: syntax error`);
  };
  while (i < expr.length) {
    const c = expr[i];
    if (c === '.') {
      if (i === 0 || i === expr.length - 1) fail();
      i++;
    } else if (c === '[') {
      const close = expr.indexOf(']', i);
      if (close < 0) fail();
      const inner = expr.slice(i + 1, close).trim();
      if (/^\d+$/.test(inner)) parts.push(Number(inner));
      else if (/^"(?:[^"\\]|\\.)*"$/.test(inner)) parts.push(JSON.parse(inner) as string);
      else fail();
      i = close + 1;
    } else {
      const m = /^[^.[\]]+/.exec(expr.slice(i));
      if (!m) fail();
      const field = (m as RegExpExecArray)[0];
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(field)) fail();
      parts.push(field);
      i += field.length;
    }
  }
  if (parts.length === 0) fail();
  return parts;
}
