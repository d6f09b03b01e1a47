// Parse errors print as Tempo's: "parse error at line L, col C: msg".

export class TraceqlParseError extends Error {
  override readonly name = 'TraceqlParseError';
  constructor(
    readonly detail: string,
    /** Offset into the query. */
    readonly position: number,
    readonly query: string,
  ) {
    super(`parse error at line ${lineAndColumn(query, position)}: ${detail}`);
  }
}

/** 1-based line and column of an offset, counted in characters. */
function lineAndColumn(query: string, position: number): string {
  let line = 1;
  let lastBreak = -1;
  const end = Math.min(position, query.length);
  for (let i = 0; i < end; i++) {
    if (query[i] === '\n') {
      line++;
      lastBreak = i;
    }
  }
  return `${line}, col ${end - lastBreak}`;
}
