// Line filters: `|=` contains, `|~` RE2 search (unanchored, as Go's regexp.MatchString), `|>`
// Loki's pattern match, ip("...") addresses; an `or` chain matches if any operand does, and its
// negation if none does.
import type { LineFilterStage, LineFilterValue } from '../ast';
import { compileIpPattern, lineHasIp } from './ip-match';
import { compilePatternTest } from './pattern';
import { compileSearch } from './search-regex';

export type LineTest = (line: string) => boolean;

export function compileLineFilter(stage: LineFilterStage): LineTest {
  const tests = stage.values.map((v) => compileOperand(stage.op, v));
  const negated = stage.op === '!=' || stage.op === '!~' || stage.op === '!>';
  if (tests.length === 1) {
    const only = tests[0] as LineTest;
    return negated ? (line) => !only(line) : only;
  }
  return negated ? (line) => !tests.some((t) => t(line)) : (line) => tests.some((t) => t(line));
}

function compileOperand(op: LineFilterStage['op'], operand: LineFilterValue): LineTest {
  if (operand.ip) {
    const test = compileIpPattern(operand.value);
    return (line) => lineHasIp(line, test);
  }
  const value = operand.value;
  switch (op) {
    case '|=':
    case '!=':
      return value === '' ? () => true : (line) => line.includes(value);
    case '|~':
    case '!~':
      return searchTest(value);
    case '|>':
    case '!>':
      return compilePatternTest(value);
  }
}

function searchTest(pattern: string): LineTest {
  if (pattern === '') return () => true;
  const regex = compileSearch(pattern);
  return (line) => regex.test(line);
}
