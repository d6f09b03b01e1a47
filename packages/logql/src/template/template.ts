// Running a parsed template over one entry: `.name` reads a label (missing ones are "", Go's
// missingkey=zero on a map), `__line__` the line, `__timestamp__` the entry's time.
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

const entryFunctions = new Set(['__line__', '__timestamp__', 'and', 'or']);

export function compileTemplate(source: string, name: string): CompiledTemplate {
  const nodes = parseTemplate(source, name);
  checkFunctions(nodes, name);
  return (input) => {
    const out = { text: '' };
    run(nodes, input, out);
    return out.text;
  };
}

export { TemplateError, TemplateExecError };

function checkFunctions(nodes: readonly TemplateNode[], name: string): void {
  const pipe = (p: Pipeline) => {
    for (const command of p) {
      for (const o of command) {
        if (o.kind === 'call' && !(o.name in templateFunctions) && !entryFunctions.has(o.name)) {
          throw new TemplateError(`template: ${name}:1: function "${o.name}" not defined`);
        }
        if (o.kind === 'pipe') pipe(o.pipe);
      }
    }
  };
  for (const n of nodes) {
    if (n.kind === 'action') pipe(n.pipe);
    if (n.kind === 'if') {
      pipe(n.cond);
      checkFunctions(n.whenTrue, name);
      checkFunctions(n.whenFalse, name);
    }
  }
}

function run(nodes: readonly TemplateNode[], input: TemplateInput, out: { text: string }): void {
  for (const n of nodes) {
    if (n.kind === 'text') out.text += n.text;
    else if (n.kind === 'action') out.text += formatValue(pipeline(n.pipe, input));
    else run(truth(pipeline(n.cond, input)) ? n.whenTrue : n.whenFalse, input, out);
    if (out.text.length > MAX_TEMPLATE_OUTPUT) {
      throw new TemplateExecError(`template output over ${MAX_TEMPLATE_OUTPUT} characters`);
    }
  }
}

function pipeline(p: Pipeline, input: TemplateInput): GoValue {
  let previous: GoValue | undefined;
  for (const command of p) previous = execCommand(command, input, previous);
  return previous as GoValue;
}

function execCommand(command: Command, input: TemplateInput, piped: GoValue | undefined): GoValue {
  const [head, ...rest] = command as [Operand, ...Operand[]];
  if (head.kind !== 'call') {
    if (rest.length > 0 || piped !== undefined) {
      throw new TemplateExecError(`can't give argument to non-function ${describe(head)}`);
    }
    return value(head, input);
  }
  const args = rest.map((o) => value(o, input));
  if (piped !== undefined) args.push(piped);
  switch (head.name) {
    case '__line__':
      return input.line;
    case '__timestamp__':
      return new GoTime(input.timestampNs);
    case 'and':
      return args.find((a) => !truth(a)) ?? (args[args.length - 1] as GoValue);
    case 'or':
      return args.find((a) => truth(a)) ?? (args[args.length - 1] as GoValue);
  }
  const fn = templateFunctions[head.name];
  if (!fn) throw new TemplateExecError(`function "${head.name}" not defined`);
  return fn(...args);
}

function value(o: Operand, input: TemplateInput): GoValue {
  switch (o.kind) {
    case 'field':
      return input.labels.get(o.name) ?? '';
    case 'dot':
      return `map[${[...input.labels]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, v]) => `${k}:${v}`)
        .join(' ')}]`;
    case 'literal':
      return o.value;
    case 'pipe':
      return pipeline(o.pipe, input);
    case 'call':
      return execCommand([o], input, undefined);
  }
}

function describe(o: Operand): string {
  return o.kind === 'field' ? `.${o.name}` : o.kind === 'literal' ? formatValue(o.value) : o.kind;
}
