// Parse errors carry the offset into the query and print as Prometheus prints them: "1:5: parse error: ...".
import { PromqlError } from '../errors';

export class PromqlParseError extends PromqlError {
  constructor(
    readonly detail: string,
    readonly position: number,
    readonly query: string,
  ) {
    super('bad_data', `${lineAndColumn(query, position)} parse error: ${detail}`);
  }
}

function lineAndColumn(query: string, position: number): string {
  if (position < 0 || position > query.length) return 'invalid position:';
  let line = 1;
  let lastBreak = -1;
  for (let i = 0; i < position; i++) {
    if (query[i] === '\n') {
      line++;
      lastBreak = i;
    }
  }
  return `${line}:${position - lastBreak}:`;
}
