// Running a parsed template over one entry: dot starts as the entry's labels (`.name` reads one;
// missing ones are "", Go's missingkey=zero on a map[string]string), `__line__` is the line and
// `__timestamp__` the entry's time; range and with move dot, variables live in block scopes.
import { formatValue, GoTime, type GoValue } from './go-format';
import { TemplateExecError, templateFunctions, truth } from './template-functions';
import {
  type Command,
  type Operand,
  type Pipeline,
  parseTemplate,
  TemplateError,
  type TemplateNode,
} from './template-parse';

export interface TemplateInput {
  readonly labels: ReadonlyMap<string, string>;
  readonly line: string;
  readonly timestampNs: bigint;
}

export type CompiledTemplate = (input: TemplateInput) => string;

/** Output longer than this is an execution error, so a template cannot grow without bound. */
export const MAX_TEMPLATE_OUTPUT = 1 << 20;
/** Range iterations per run, so nested loops over a long list cannot spin. */
export const MAX_TEMPLATE_ITERATIONS = 100_000;

const entryFunctions = new Set(['__line__', '__timestamp__', 'and', 'or']);

export function compileTemplate(source: string, name: string): CompiledTemplate {
  const nodes = parseTemplate(source, name);
  check(nodes, name, [new Set(['$'])]);
  return (input) => {
    const root = new Map<string, GoValue>(input.labels);
    const ctx: Context = { input, root, out: '', iterations: 0, scopes: [new Map([['$', root]])] };
    run(nodes, ctx, root);
    return ctx.out;
  };
}

export { TemplateError, TemplateExecError };

interface Context {
  readonly input: TemplateInput;
  /** The labels, the data the template started with (Go's map[string]string). */
  readonly root: ReadonlyMap<string, GoValue>;
  out: string;
  iterations: number;
  readonly scopes: Map<string, GoValue>[];
}

/** Parse-time checks Go makes: functions and variables must exist. */
function check(nodes: readonly TemplateNode[], name: string, scopes: Set<string>[]): void {
  const fail = (message: string): never => {
    throw new TemplateError(`template: ${name}:1: ${message}`);
  };
  const known = (v: string) => scopes.some((s) => s.has(v));
  const pipe = (p: Pipeline) => {
    for (const command of p) {
      for (const o of command) {
        if (o.kind === 'call' && !(o.name in templateFunctions) && !entryFunctions.has(o.name)) {
          fail(`function "${o.name}" not defined`);
        }
        if (o.kind === 'variable' && !known(o.name)) fail(`undefined variable "${o.name}"`);
        if (o.kind === 'pipe') pipe(o.pipe);
      }
    }
  };
  const declare = (names: readonly string[], assign: boolean, scope: Set<string>) => {
    for (const n of names) {
      if (assign && !known(n)) fail(`undefined variable "${n}"`);
      scope.add(n);
    }
  };
  const here = scopes[scopes.length - 1] as Set<string>;
  for (const n of nodes) {
    if (n.kind === 'action') {
      pipe(n.pipe);
      if (n.declare) declare(n.declare.names, n.declare.assign, here);
    } else if (n.kind !== 'text') {
      pipe(n.cond);
      const inner = new Set<string>();
      if (n.kind === 'range' && n.declare) declare(n.declare.names, false, inner);
      check(n.whenTrue, name, [...scopes, inner]);
      check(n.whenFalse, name, [...scopes, new Set()]);
    }
  }
}

function run(nodes: readonly TemplateNode[], ctx: Context, dot: GoValue): void {
  for (const n of nodes) {
    switch (n.kind) {
      case 'text':
        ctx.out += n.text;
        break;
      case 'action': {
        const v = pipeline(n.pipe, ctx, dot);
        if (n.declare) setVariables(ctx, n.declare.names, [v], n.declare.assign);
        else ctx.out += formatValue(v);
        break;
      }
      case 'if':
      case 'with': {
        const v = pipeline(n.cond, ctx, dot);
        if (truth(v)) block(ctx, () => run(n.whenTrue, ctx, n.kind === 'with' ? v : dot));
        else block(ctx, () => run(n.whenFalse, ctx, dot));
        break;
      }
      case 'range':
        runRange(n, ctx, dot);
        break;
    }
    if (ctx.out.length > MAX_TEMPLATE_OUTPUT) {
      throw new TemplateExecError(`template output over ${MAX_TEMPLATE_OUTPUT} characters`);
    }
  }
}

function runRange(n: TemplateNode & { kind: 'range' }, ctx: Context, dot: GoValue): void {
  const v = pipeline(n.cond, ctx, dot);
  let items: [GoValue, GoValue][];
  if (v instanceof Map) items = [...v.keys()].sort().map((k) => [k, v.get(k) as GoValue]);
  else if (Array.isArray(v)) items = v.map((item, i) => [BigInt(i), item]);
  else if (typeof v === 'bigint')
    items = Array.from({ length: Number(v > 0n ? v : 0n) }, (_, i) => [BigInt(i), BigInt(i)]);
  else if (v === null) items = [];
  else throw new TemplateExecError(`range can't iterate over ${formatValue(v)}`);
  if (items.length === 0) {
    block(ctx, () => run(n.whenFalse, ctx, dot));
    return;
  }
  for (const [key, item] of items) {
    if (++ctx.iterations > MAX_TEMPLATE_ITERATIONS) {
      throw new TemplateExecError(`more than ${MAX_TEMPLATE_ITERATIONS} range iterations`);
    }
    block(ctx, () => {
      const names = n.declare?.names ?? [];
      setVariables(ctx, names, names.length === 2 ? [key, item] : [item], false);
      run(n.whenTrue, ctx, item);
    });
  }
}

function block(ctx: Context, body: () => void): void {
  ctx.scopes.push(new Map());
  try {
    body();
  } finally {
    ctx.scopes.pop();
  }
}

function setVariables(
  ctx: Context,
  names: readonly string[],
  values: GoValue[],
  assign: boolean,
): void {
  names.forEach((name, i) => {
    const value = values[i] ?? null;
    const scope = assign
      ? ctx.scopes.findLast((s) => s.has(name))
      : ctx.scopes[ctx.scopes.length - 1];
    scope?.set(name, value);
  });
}

function pipeline(p: Pipeline, ctx: Context, dot: GoValue): GoValue {
  let previous: GoValue | undefined;
  for (const command of p) previous = execCommand(command, ctx, dot, previous);
  return previous as GoValue;
}

function execCommand(
  command: Command,
  ctx: Context,
  dot: GoValue,
  piped: GoValue | undefined,
): GoValue {
  const [head, ...rest] = command as [Operand, ...Operand[]];
  if (head.kind !== 'call') {
    if (rest.length > 0 || piped !== undefined) {
      throw new TemplateExecError(`can't give argument to non-function ${describe(head)}`);
    }
    return value(head, ctx, dot);
  }
  const args = rest.map((o) => value(o, ctx, dot));
  if (piped !== undefined) args.push(piped);
  switch (head.name) {
    case '__line__':
      return ctx.input.line;
    case '__timestamp__':
      return new GoTime(ctx.input.timestampNs);
    case 'and':
      return args.find((a) => !truth(a)) ?? (args[args.length - 1] as GoValue);
    case 'or':
      return args.find((a) => truth(a)) ?? (args[args.length - 1] as GoValue);
  }
  const fn = templateFunctions[head.name];
  if (!fn) throw new TemplateExecError(`function "${head.name}" not defined`);
  return fn(...args);
}

/** Fields of a map; the labels map gives "" for a missing key, a fromJson map nil (Go's zero values). */
function fields(ctx: Context, start: GoValue, path: readonly string[]): GoValue {
  let v = start;
  for (const name of path) {
    if (!(v instanceof Map)) {
      throw new TemplateExecError(
        `can't evaluate field ${name} in type ${v === null ? 'interface {}' : typeof v === 'string' ? 'string' : 'value'}`,
      );
    }
    v = v.get(name) ?? (v === ctx.root ? '' : null);
  }
  return v;
}

function value(o: Operand, ctx: Context, dot: GoValue): GoValue {
  switch (o.kind) {
    case 'field':
      return fields(ctx, dot, o.path);
    case 'variable': {
      const scope = ctx.scopes.findLast((s) => s.has(o.name));
      return fields(ctx, scope ? (scope.get(o.name) as GoValue) : null, o.path);
    }
    case 'dot':
      return dot;
    case 'literal':
      return o.value;
    case 'pipe':
      return pipeline(o.pipe, ctx, dot);
    case 'call':
      return execCommand([o], ctx, dot, undefined);
  }
}

function describe(o: Operand): string {
  if (o.kind === 'field') return `.${o.path.join('.')}`;
  if (o.kind === 'variable') return [o.name, ...o.path].join('.');
  return o.kind === 'literal' ? formatValue(o.value) : o.kind;
}
