// Parses promqltest scripts into load, clear and eval commands.
import { parseDuration, unquoteString } from '../parse/literals';
import {
  NotationError,
  parseSeriesDescription,
  type SequenceValue,
  type SeriesDescription,
} from './series-notation';

export interface LoadCommand {
  readonly kind: 'load';
  readonly interval: number;
  readonly withNhcb: boolean;
  readonly series: SeriesDescription[];
}

export interface ClearCommand {
  readonly kind: 'clear';
}

export interface Expectation {
  readonly message?: string;
  readonly regex?: RegExp;
}

export interface EvalCommand {
  readonly kind: 'eval';
  readonly line: number;
  readonly expr: string;
  readonly isRange: boolean;
  start: number;
  end: number;
  step: number;
  /** The instant evaluation time. */
  evalTime: number;
  ordered: boolean;
  fail: Expectation | undefined;
  expectedString: string | undefined;
  /** Instant queries returning range vectors, and string results, are not re-run as range queries. */
  excludeFromRangeQuery: boolean;
  expectScalar: number | undefined;
  readonly expected: {
    labels: SeriesDescription['labels'];
    values: SequenceValue[];
    pos: number;
  }[];
  /** Expected results written with native histograms. */
  /** Annotation expectations: expect warn|info [msg|regex], expect no_warn|no_info, eval_warn|eval_info. */
  readonly annotations: {
    warn: Expectation[];
    info: Expectation[];
    noWarn: boolean;
    noInfo: boolean;
    anyWarn: boolean;
    anyInfo: boolean;
  };
}

export type Command = LoadCommand | ClearCommand | EvalCommand;

export class ScriptError extends Error {}

const evalInstant = /^eval(?:_(fail|warn|ordered|info))?\s+instant\s+(?:at\s+(.+?))?\s+(.+)$/;
const evalRange =
  /^eval(?:_(fail|warn|info))?\s+range\s+from\s+(.+)\s+to\s+(.+)\s+step\s+(.+?)\s+(.+)$/;
const expectLine = /^expect\s+(ordered|fail|warn|no_warn|info|no_info)(?:\s+(regex|msg):(.+))?$/;
const expectRangeVector = /^expect range vector\s+from\s+(.+)\s+to\s+(.+)\s+step\s+(.+)$/;

function testDuration(text: string): number {
  if (text === '0') return 0;
  const d = parseDuration(text);
  if (d === undefined) throw new ScriptError(`invalid duration ${text}`);
  return d;
}

function isNumberLine(line: string): boolean {
  return /^[+-]?(?:Inf|inf|NaN|nan|0x[0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)$/.test(
    line,
  );
}

export function parseScript(text: string): Command[] {
  const lines = text.split('\n').map((l) => {
    const t = l.trim();
    return t.startsWith('#') ? '' : t;
  });
  const out: Command[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as string;
    if (l === '') continue;
    const word = (l.split(/[\t ]+/)[0] as string).toLowerCase();
    try {
      if (word === 'clear') out.push({ kind: 'clear' });
      else if (word.startsWith('load')) i = parseLoad(lines, i, out);
      else if (word.startsWith('eval')) i = parseEval(lines, i, out);
      else throw new ScriptError(`invalid command "${l}"`);
    } catch (error) {
      if (error instanceof NotationError) throw new ScriptError(`line ${i + 1}: ${error.message}`);
      throw error;
    }
  }
  return out;
}

function parseLoad(lines: string[], i: number, out: Command[]): number {
  const m = /^load(?:_(with_nhcb))?\s+(.+?)$/.exec(lines[i] as string);
  if (!m) throw new ScriptError(`line ${i + 1}: invalid load command`);
  const series: SeriesDescription[] = [];
  while (i + 1 < lines.length && lines[i + 1] !== '') {
    i++;
    // Start-timestamp lines (`metric@st ...`) feed an experimental feature this engine lacks.
    if (/^\S*@st\s/.test(lines[i] as string)) continue;
    series.push(parseSeriesDescription(lines[i] as string));
  }
  out.push({
    kind: 'load',
    interval: testDuration(m[2] as string),
    withNhcb: m[1] === 'with_nhcb',
    series,
  });
  return i;
}

function parseEval(lines: string[], i: number, out: Command[]): number {
  const line = lines[i] as string;
  const inst = evalInstant.exec(line);
  const range = inst ? null : evalRange.exec(line);
  if (!inst && !range) throw new ScriptError(`line ${i + 1}: invalid evaluation command`);
  const mod = (inst ? inst[1] : range?.[1]) ?? '';
  const cmd: EvalCommand = {
    kind: 'eval',
    line: i + 1,
    expr: (inst ? inst[3] : range?.[5]) as string,
    isRange: !inst,
    start: 0,
    end: 0,
    step: 0,
    evalTime: 0,
    ordered: mod === 'ordered',
    fail: mod === 'fail' ? {} : undefined,
    expectedString: undefined,
    excludeFromRangeQuery: false,
    expectScalar: undefined,
    expected: [],
    annotations: {
      warn: [],
      info: [],
      noWarn: false,
      noInfo: false,
      anyWarn: mod === 'warn',
      anyInfo: mod === 'info',
    },
  };
  if (inst) {
    cmd.evalTime = testDuration(inst[2] ?? '0');
    cmd.start = cmd.evalTime;
  } else if (range) {
    cmd.start = testDuration(range[2] as string);
    cmd.end = testDuration(range[3] as string);
    cmd.step = testDuration(range[4] as string);
  }
  let pos = 0;
  while (i + 1 < lines.length && lines[i + 1] !== '') {
    i++;
    const def = lines[i] as string;
    pos++;
    if (cmd.fail && def.startsWith('expected_fail_message')) {
      cmd.fail = { message: def.slice('expected_fail_message'.length).trim() };
      break;
    }
    if (cmd.fail && def.startsWith('expected_fail_regexp')) {
      cmd.fail = { regex: goRegex(def.slice('expected_fail_regexp'.length).trim()) };
      break;
    }
    const rv = expectRangeVector.exec(def);
    if (rv) {
      cmd.start = testDuration(rv[1] as string);
      cmd.end = testDuration(rv[2] as string);
      cmd.step = testDuration(rv[3] as string);
      cmd.evalTime = cmd.end;
      cmd.excludeFromRangeQuery = true;
      continue;
    }
    if (def.startsWith('expect string')) {
      cmd.expectedString = unquoteString(def.slice('expect string'.length).trim());
      cmd.excludeFromRangeQuery = true;
      continue;
    }
    if (def.split(' ')[0] === 'expect') {
      const e = expectLine.exec(def);
      if (!e) throw new ScriptError(`line ${i + 1}: invalid expect statement`);
      pos--;
      const what = e[1];
      if (what === 'ordered') cmd.ordered = true;
      if (what === 'fail') {
        const text = (e[3] ?? '').trim();
        cmd.fail =
          e[2] === 'msg' ? { message: text } : e[2] === 'regex' ? { regex: goRegex(text) } : {};
      }
      if (what === 'warn' || what === 'info') {
        const text = (e[3] ?? '').trim();
        const expectation =
          e[2] === 'msg' ? { message: text } : { regex: goRegex(e[2] === 'regex' ? text : '^.*$') };
        cmd.annotations[what].push(expectation);
      }
      if (what === 'no_warn') cmd.annotations.noWarn = true;
      if (what === 'no_info') cmd.annotations.noInfo = true;
      continue;
    }
    if (isNumberLine(def)) {
      cmd.expectScalar = Number(
        def.replace(/^\+/, '').replace(/inf/i, 'Infinity').replace(/nan/i, 'NaN'),
      );
      break;
    }
    const desc = parseSeriesDescription(def);
    cmd.expected.push({ labels: desc.labels, values: desc.values, pos });
  }
  out.push(cmd);
  return i;
}

function goRegex(pattern: string): RegExp {
  return new RegExp(pattern);
}
