// Field expressions (inside `{ }`, `by()`, `select()`, aggregates): statics, intrinsics,
// attributes and their operators, re-associated with Tempo's precedences.
import {
  type ArithmeticOp,
  type AttributeScope,
  type ComparisonOp,
  type Field,
  type FieldExpr,
  KINDS_BY_OTLP_CODE,
  type KindValue,
  STATUSES_BY_OTLP_CODE,
  type Static,
  type StatusValue,
  type TemplateVariable,
} from '../ast';
import type { SyntaxNode } from './lezer-tree';
import { NodeReader } from './node-reader';
import { associate } from './precedence';

type FieldOp = ComparisonOp | ArithmeticOp | '&&' | '||' | '~';
type Prefix = '-' | '!';
interface Operand {
  readonly node: SyntaxNode;
  readonly prefixes: readonly Prefix[];
}

const STATUS: ReadonlySet<string> = new Set(STATUSES_BY_OTLP_CODE);
const KINDS: ReadonlySet<string> = new Set(KINDS_BY_OTLP_CODE);
const SCOPES: Readonly<Record<string, AttributeScope>> = {
  Span: 'span',
  Resource: 'resource',
  Event: 'event',
  Link: 'link',
  Instrumentation: 'instrumentation',
};

export class FieldReader extends NodeReader {
  fieldExpr(node: SyntaxNode): FieldExpr {
    const operands: Operand[] = [];
    const ops: string[] = [];
    this.flatten(node, [], operands, ops);
    const values = operands.map(({ node: n, prefixes }) =>
      prefixes.reduceRight<FieldExpr>(
        (operand, op) => ({ kind: 'unary', op, operand }),
        this.fieldOperand(n),
      ),
    );
    return associate(values, ops, (op, left, right) => ({
      kind: 'binary',
      op: op as FieldOp,
      left,
      right,
    }));
  }

  /**
   * The operands and operators of a chain. Grafana's grammar reads `-.a = 2` as `-(.a = 2)`; in
   * Tempo's a prefix binds tighter than the binary operators, so it moves onto the first operand.
   */
  private flatten(
    node: SyntaxNode,
    prefixes: readonly Prefix[],
    operands: Operand[],
    ops: string[],
  ): void {
    const chain = this.chain(node, 'FieldExpression');
    if (chain.ops.length === 0) {
      const [child] = this.children(node);
      const prefix = child?.name === 'FieldExpression' ? this.prefix(node, child) : '';
      if (child && (prefix === '-' || prefix === '!'))
        this.flatten(child, [...prefixes, prefix], operands, ops);
      else operands.push({ node, prefixes });
      return;
    }
    chain.operands.forEach((part, i) => {
      if (i > 0) ops.push(chain.ops[i - 1] as string);
      this.flatten(part, i === 0 ? prefixes : [], operands, ops);
    });
  }

  /** A FieldExpression that is neither a binary operation nor prefixed. */
  private fieldOperand(node: SyntaxNode): FieldExpr {
    const [child] = this.children(node);
    if (!child) this.fail('syntax error: empty field expression', node);
    switch (child.name) {
      case 'FieldExpression':
        return this.fieldExpr(child);
      case 'Static':
        return this.static(child);
      default:
        return this.field(child);
    }
  }

  /** An IntrinsicField or AttributeField node (also the child of a MetricsExpression). */
  field(node: SyntaxNode): Field {
    if (node.name === 'IntrinsicField') return { kind: 'intrinsic', name: this.text(node) };
    if (node.name !== 'AttributeField') this.fail(`syntax error: unexpected ${node.name}`, node);
    const kids = this.children(node);
    const scopeNode = kids.find((k) => SCOPES[k.name] !== undefined);
    return {
      kind: 'attribute',
      scope: scopeNode ? (SCOPES[scopeNode.name] as AttributeScope) : 'none',
      parent: kids.some((k) => k.name === 'Parent'),
      name: this.identifier(this.text(this.need(node, 'Identifier'))),
    };
  }

  static(node: SyntaxNode): Static | TemplateVariable {
    const [child] = this.children(node);
    switch (child?.name) {
      case 'String':
        return { kind: 'static', type: 'string', value: this.string(this.text(child)) };
      case 'Integer':
        return { kind: 'static', type: 'int', value: this.integer(child) };
      case 'Float':
        return { kind: 'static', type: 'float', value: Number(this.text(child)) };
      case 'Duration':
        return { kind: 'static', type: 'duration', ns: this.duration(child) };
      case 'TemplateVariable':
        return { kind: 'variable', name: this.text(child) };
    }
    const word = this.text(node);
    if (word === 'true' || word === 'false') {
      return { kind: 'static', type: 'bool', value: word === 'true' };
    }
    if (word === 'nil') return { kind: 'static', type: 'nil' };
    if (STATUS.has(word)) return { kind: 'static', type: 'status', value: word as StatusValue };
    if (KINDS.has(word)) return { kind: 'static', type: 'kind', value: word as KindValue };
    this.fail(`syntax error: unexpected ${word}`, node);
  }
}
