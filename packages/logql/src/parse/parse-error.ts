// Parse errors print as Loki's: "parse error at line L, col C: msg", or "parse error : msg" when the
// error has no position (Loki's semantic checks, such as the selector that matches everything).

export class LogqlParseError extends Error {
  override readonly name = 'LogqlParseError';
  constructor(
    readonly detail: string,
    /** Offset into the query, or undefined for errors Loki reports without a position. */
    readonly position?: number,
    readonly query = '',
  ) {
    super(
      position === undefined
        ? `parse error : ${detail}`
        : `parse error at line ${lineAndColumn(query, position)}: ${detail}`,
    );
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
