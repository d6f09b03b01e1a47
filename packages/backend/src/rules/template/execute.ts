/**
 * Runs a parsed rule template over an alert's data. Errors carry the command they happened in,
 * so the caller can word them as Go's text/template does.
 */
import type { Command, Node, Operand, Pipeline } from './ast.js';
import { compare } from './compare.js';
import { type Args, FUNCTIONS } from './functions.js';
import {
  formatV,
  GoInt,
  GoMap,
  GoStruct,
  type GoValue,
  isTrue,
  type TemplateData,
  typeName,
} from './go-value.js';

/** An error while executing a command, with the command for the message. */
export class ExecutionError extends Error {
  constructor(
    readonly command: Command,
    readonly detail: string,
  ) {
    super(detail);
  }
}

const STRUCT_FIELDS = ['Labels', 'ExternalLabels', 'ExternalURL', 'Value'] as const;

function field(v: GoValue, name: string): GoValue {
  if (v instanceof GoMap) return v.entries[name] ?? '';
  if (v instanceof GoStruct) {
    const d = v.data;
    if (name === 'Labels') return new GoMap(d.labels);
    if (name === 'ExternalLabels') return new GoMap(d.externalLabels);
    if (name === 'ExternalURL') return d.externalURL;
    if (name === 'Value') return d.value;
    throw new Error(`can't evaluate field ${name} in type struct { ${STRUCT_FIELDS.join('; ')} }`);
  }
  if (v === null) throw new Error(`nil pointer evaluating interface {}.${name}`);
  throw new Error(`can't evaluate field ${name} in type ${typeName(v)}`);
}

class Executor {
  private readonly scopes: Map<string, GoValue>[];
  private out = '';

  constructor(data: TemplateData) {
    const root = new GoStruct(data);
    this.scopes = [
      new Map<string, GoValue>([
        ['$', root],
        ['$labels', new GoMap(data.labels)],
        ['$externalLabels', new GoMap(data.externalLabels)],
        ['$externalURL', data.externalURL],
        ['$value', data.value],
      ]),
    ];
  }

  run(nodes: Node[], dot: GoValue): string {
    this.list(nodes, dot);
    return this.out;
  }

  private list(nodes: Node[], dot: GoValue): void {
    for (const node of nodes) {
      if (node.kind === 'text') this.out += node.text;
      else if (node.kind === 'action') {
        const v = this.pipeline(node.pipe, dot);
        if (!node.pipe.declare) this.out += v === null ? '<no value>' : formatV(v);
      } else {
        this.scopes.push(new Map());
        const v = this.pipeline(node.pipe, dot);
        const chosen = isTrue(v);
        if (chosen) this.list(node.body, node.kind === 'with' ? v : dot);
        this.scopes.pop();
        if (!chosen) {
          this.scopes.push(new Map());
          this.list(node.otherwise, dot);
          this.scopes.pop();
        }
      }
    }
  }

  private lookup(name: string): GoValue {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const s = this.scopes[i] as Map<string, GoValue>;
      if (s.has(name)) return s.get(name) ?? null;
    }
    return null;
  }

  private pipeline(pipe: Pipeline, dot: GoValue): GoValue {
    let value: GoValue | undefined;
    for (const command of pipe.commands) value = this.command(command, dot, value);
    const result = value ?? null;
    if (pipe.declare) {
      const { name, assign } = pipe.declare;
      const scope = assign ? this.scopes.findLast((s) => s.has(name)) : undefined;
      (scope ?? (this.scopes.at(-1) as Map<string, GoValue>)).set(name, result);
    }
    return result;
  }

  private command(cmd: Command, dot: GoValue, final: GoValue | undefined): GoValue {
    try {
      const [head, ...rest] = cmd.args as [Operand, ...Operand[]];
      if (head.kind !== 'function') {
        if (rest.length > 0 || final !== undefined) {
          throw new Error(`can't give argument to non-function ${head.kind}`);
        }
        return this.operand(head, dot);
      }
      const name = head.name;
      const lazy = rest.map((a) => () => this.operand(a, dot));
      if (final !== undefined) lazy.push(() => final);
      if (name === 'and' || name === 'or') {
        if (lazy.length === 0)
          throw new Error(`wrong number of args for ${name}: want at least 1 got 0`);
        let v: GoValue = null;
        for (const arg of lazy) {
          v = (arg as () => GoValue)();
          if (isTrue(v) !== (name === 'and')) break;
        }
        return v;
      }
      const args = lazy.map((f) => f());
      if (name === 'not') {
        if (args.length !== 1)
          throw new Error(`wrong number of args for not: want 1 got ${args.length}`);
        return !isTrue(args[0] ?? null);
      }
      const fn = FUNCTIONS[name];
      if (fn === undefined) return this.called(name, () => compare(name, args));
      if (fn.arity === 'variadic' ? args.length < 1 : args.length !== fn.arity) {
        const want = fn.arity === 'variadic' ? 'at least 1' : fn.arity;
        throw new Error(`wrong number of args for ${name}: want ${want} got ${args.length}`);
      }
      return this.called(name, () => fn.call(args as Args));
    } catch (e) {
      if (e instanceof ExecutionError) throw e;
      throw new ExecutionError(cmd, (e as Error).message);
    }
  }

  private called(name: string, call: () => GoValue): GoValue {
    try {
      return call();
    } catch (e) {
      throw new Error(`error calling ${name}: ${(e as Error).message}`);
    }
  }

  private operand(op: Operand, dot: GoValue): GoValue {
    switch (op.kind) {
      case 'dot':
        return dot;
      case 'field':
        return op.path.reduce(field, dot);
      case 'variable':
        return op.path.reduce(field, this.lookup(op.name));
      case 'pipeline':
        return op.path.reduce(field, this.pipeline(op.pipe, dot));
      case 'string':
        return op.value;
      case 'int':
        return new GoInt(op.value);
      case 'float':
        return op.value;
      case 'bool':
        return op.value;
      case 'nil':
        throw new Error('nil is not a command');
      case 'function':
        return this.command({ ...EMPTY_COMMAND, args: [op] }, dot, undefined);
    }
  }
}

const EMPTY_COMMAND: Command = { args: [], line: 0, column: 0, source: '' };

export const execute = (nodes: Node[], data: TemplateData): string =>
  new Executor(data).run(nodes, new GoStruct(data));
