// Errors Prometheus's lexer reports before parsing (unbalanced brackets, unterminated strings), with its
// wording, found by one scan of the query; the grammar would report them less precisely.

export interface LexicalError {
  readonly message: string;
  readonly position: number;
}

export function checkLexical(query: string): LexicalError | undefined {
  const open: string[] = [];
  for (let i = 0; i < query.length; i++) {
    const c = query[i] as string;
    if (c === '#') {
      const end = query.indexOf('\n', i);
      if (end < 0) break;
      i = end;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < query.length && query[j] !== c && (c === '`' || query[j] !== '\n')) {
        j += query[j] === '\\' && c !== '`' ? 2 : 1;
      }
      if (j >= query.length || query[j] !== c) {
        return {
          message: c === '`' ? 'unterminated raw string' : 'unterminated quoted string',
          position: i,
        };
      }
      i = j;
      continue;
    }
    const top = open[open.length - 1];
    switch (c) {
      case '(':
        open.push(c);
        break;
      case '[':
        if (top === '[') return { message: "unexpected left bracket '['", position: i };
        open.push(c);
        break;
      case '{':
        if (top === '{') return { message: "unexpected left brace '{'", position: i };
        open.push(c);
        break;
      case ')':
        if (top !== '(') return { message: "unexpected right parenthesis ')'", position: i };
        open.pop();
        break;
      case ']':
        if (top !== '[') return { message: "unexpected right bracket ']'", position: i };
        open.pop();
        break;
      case '}':
        if (top !== '{') return { message: "unexpected right brace '}'", position: i };
        open.pop();
        break;
    }
  }
  const last = open[open.length - 1];
  if (last === '(') return { message: 'unclosed left parenthesis', position: query.length };
  if (last === '[') return { message: 'unclosed left bracket', position: query.length };
  if (last === '{')
    return { message: 'unexpected end of input inside braces', position: query.length };
  return undefined;
}
