/**
 * Matcher regexes over a series index: how long one anchored test of one label value takes, for
 * the engines the project could use.
 *
 *   npm run bench:regex -- [--values 200000] [--rounds 5] [--re2 DIR]
 *
 * Prints a table of median ns per value, then one JSON line of the figures.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { compileAnchored } from '@otel-lab/promql';
import { RE2JS } from 're2js';
import { labelValues } from './label-values.js';
import { textTable } from './text-table.js';

const USAGE = `usage: npm run bench:regex -- [options]

Tests each pattern, anchored as Prometheus anchors matchers (^(?s:pattern)$), against every value
of a generated series index (metric names, routes, pod names, methods, addresses), with:
  v8     V8's backtracking RegExp, which the old RE2-to-JavaScript translator produced
         (skipped for patterns that backtrack exponentially)
  re2js  the re2js engine alone
  re2    the native re2 bindings, when --re2 names an installed copy (it is no dependency:
         npm install re2 in a scratch directory, then --re2 DIR/node_modules/re2)
  ours   compileAnchored (packages/promql): Prometheus's fast paths, then re2js
Figures: the median over rounds of ns per value, and the matched count (the same for all).
The engines take turns within each round.
The last line is JSON: {"values","rounds","ns":{pattern:{engine:ns}},"geomean_ns":{engine:ns}}.

options:
  --values N   label values in the index (default 200000)
  --rounds N   timed rounds per pattern and engine, after one unmeasured (default 5)
  --re2 DIR    an installed re2 package to compare with
  -h, --help   this text
`;

const PATTERNS = [
  'http_.*',
  '.*_total',
  '(?i)demo.*',
  'GET|POST|PUT',
  '(GET|POST|PUT)',
  '.*orders.*',
  '[a-z_]+_bucket',
  'demo-app-[0-9a-z]+',
  '(.*.*)*x',
];
/** Patterns V8 would backtrack on for seconds per value. */
const EXPONENTIAL = new Set(['(.*.*)*x']);

type Test = (value: string) => boolean;
type Engine = { name: string; compile: (pattern: string) => Test | undefined };

function parse(): { values: number; rounds: number; re2?: string } {
  const { values: args } = parseArgs({
    options: {
      values: { type: 'string', default: '200000' },
      rounds: { type: 'string', default: '5' },
      re2: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (args.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const values = Number(args.values);
  const rounds = Number(args.rounds);
  if (!(Number.isInteger(values) && values > 0 && Number.isInteger(rounds) && rounds > 0)) {
    process.stderr.write(`--values and --rounds take positive whole numbers\n\n${USAGE}`);
    process.exit(2);
  }
  return { values, rounds, ...(args.re2 ? { re2: args.re2 } : {}) };
}

function engines(re2Dir: string | undefined): Engine[] {
  const list: Engine[] = [
    {
      name: 'v8',
      compile: (pattern) => {
        if (EXPONENTIAL.has(pattern)) return undefined;
        const fold = pattern.startsWith('(?i)');
        const re = new RegExp(`^(?:${fold ? pattern.slice(4) : pattern})$`, fold ? 'sui' : 'su');
        return (value) => re.test(value);
      },
    },
    {
      name: 're2js',
      compile: (pattern) => {
        const re = RE2JS.compile(pattern, RE2JS.DOTALL);
        return (value) => re.testExact(value);
      },
    },
  ];
  if (re2Dir) {
    const RE2 = createRequire(join(process.cwd(), 'x.js'))(re2Dir) as new (
      pattern: string,
      flags: string,
    ) => { test(value: string): boolean };
    list.push({
      name: 're2',
      compile: (pattern) => {
        const re = new RE2(`^(?s:${pattern})$`, 'u');
        return (value) => re.test(value);
      },
    });
  }
  list.push({ name: 'ours', compile: (pattern) => compileAnchored(pattern).test });
  return list;
}

/** ns per value of one pass, and how many values matched. */
function pass(test: Test, values: readonly string[]): [number, number] {
  let matched = 0;
  const start = process.hrtime.bigint();
  for (const value of values) if (test(value)) matched++;
  return [Number(process.hrtime.bigint() - start) / values.length, matched];
}

function median(numbers: number[]): number {
  const sorted = [...numbers].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function main(): void {
  const options = parse();
  const values = labelValues(options.values);
  const list = engines(options.re2);
  const ns: Record<string, Record<string, number>> = {};
  const rows: string[][] = [];
  for (const pattern of PATTERNS) {
    const byEngine = ns[pattern] ?? {};
    ns[pattern] = byEngine;
    const tests = list.map((engine) => engine.compile(pattern));
    const timings = list.map(() => [] as number[]);
    let matches: number | undefined;
    for (const test of tests) if (test) pass(test, values);
    // Engines take turns within each round, so the garbage one leaves is not always paid by the next.
    for (let round = 0; round < options.rounds; round++) {
      for (let k = 0; k < list.length; k++) {
        const index = (round + k) % list.length;
        const test = tests[index];
        if (!test) continue;
        const [perValue, matched] = pass(test, values);
        if (matches !== undefined && matched !== matches) {
          throw new Error(
            `${list[index]?.name} matched ${matched} for ${pattern}, others ${matches}`,
          );
        }
        matches = matched;
        timings[index]?.push(perValue);
      }
    }
    const cells = list.map((engine, index) => {
      if (!tests[index]) return '—';
      const figure = Math.round(median(timings[index] ?? []));
      byEngine[engine.name] = figure;
      return String(figure);
    });
    rows.push([pattern, String(matches ?? 0), ...cells]);
  }
  const geomean: Record<string, number> = {};
  for (const engine of list) {
    // Over the patterns every engine ran, so the means compare.
    const common = PATTERNS.filter((p) => !EXPONENTIAL.has(p)).map(
      (p) => ns[p]?.[engine.name] ?? 1,
    );
    geomean[engine.name] = Math.round(
      Math.exp(common.reduce((s, x) => s + Math.log(x), 0) / common.length),
    );
  }
  rows.push(['geometric mean (all but —)', '', ...list.map((e) => String(geomean[e.name]))]);
  process.stdout.write(
    `${options.values} label values, ${options.rounds} rounds; median ns per value\n\n` +
      `${textTable(['pattern', 'matches', ...list.map((e) => e.name)], rows, [0])}\n\n`,
  );
  process.stdout.write(
    `${JSON.stringify({ values: options.values, rounds: options.rounds, ns, geomean_ns: geomean })}\n`,
  );
}

main();
