// Parses PromQL with the official Lezer grammar (@prometheus-io/lezer-promql) and converts its untyped
// tree into our typed AST, then checks types as Prometheus's parser does.
import type {
  AggregateOp,
  AtModifier,
  BinaryOp,
  Expr,
  LabelMatcher,
  MatchType,
  VectorMatching,
  VectorSelector,
} from '../ast';
import { compileAnchored, RegexSyntaxError } from '../regex/anchored-regex';
import { checkTypes } from './check-types';
import { DurationReader } from './durations';
import { maskForGrammar } from './grammar-mask';
import { checkLexical } from './lexical-check';
import { parseNumber } from './literals';
import { binaryOps, type ParseOptions, type SyntaxNode } from './node-reader';
import { PromqlParseError } from './parse-error';
import { parseTree } from './parse-tree';

export type { ParseOptions } from './node-reader';

const matchOps: Record<string, MatchType> = {
  EqlSingle: '=',
  Neq: '!=',
  EqlRegex: '=~',
  NeqRegex: '!~',
};

const trimOps: Record<string, BinaryOp> = { TrimUpper: '</', TrimLower: '>/' };

/** Parses a PromQL expression; throws PromqlParseError with Prometheus's position prefix. */
export function parseExpr(query: string, options: ParseOptions = {}): Expr {
  const lexical = checkLexical(query);
  if (lexical) throw new PromqlParseError(lexical.message, lexical.position, query);
  const { masked, renamed } = maskForGrammar(query);
  const tree = parseTree(masked);
  const converter = new Converter(query, options, renamed);
  const top = tree.topNode;
  converter.reportSyntaxErrors(top);
  const body = top.firstChild;
  if (!body) throw new PromqlParseError('no expression found in input', 0, query);
  const expr = converter.expr(body);
  checkTypes(expr, (message, at) => {
    throw new PromqlParseError(message, at ? positionOf(at) : 0, query);
  });
  return expr;
}

class Converter extends DurationReader {
  private allowEmptySelector = false;

  constructor(
    query: string,
    options: ParseOptions,
    private readonly renamed: ReadonlyMap<number, string>,
  ) {
    super(query, options);
  }

  reportSyntaxErrors(top: SyntaxNode): void {
    const cursor = top.cursor();
    do {
      if (cursor.type.isError) {
        const at = cursor.from;
        if (at >= this.query.trimEnd().length) this.fail('unexpected end of input', at);
        const rest = this.query.slice(at);
        // `foo(` with an unknown foo: the grammar reads foo as a selector and stops at the parenthesis.
        const before = rest.startsWith('(') ? identifierBefore(this.query, at) : undefined;
        if (before) this.fail(`unknown function with name "${before.name}"`, before.from);
        const word = /^[A-Za-z_][A-Za-z0-9_:]*/.exec(rest)?.[0];
        if (word && /^\s*\(/.test(rest.slice(word.length))) {
          this.fail(`unknown function with name "${word}"`, at);
        }
        const quote = rest[0];
        if ((quote === '"' || quote === "'") && !rest.slice(1).includes(quote)) {
          this.fail('unterminated quoted string', at);
        }
        this.fail(`unexpected character: '${rest[0] ?? ''}'`, at);
      }
    } while (cursor.next());
    // Unterminated strings parse without an error node; the literal check below catches them.
  }

  expr(node: SyntaxNode): Expr {
    const e = this.exprAt(node);
    if (!nodePositions.has(e)) nodePositions.set(e, node.from);
    return e;
  }

  private exprAt(node: SyntaxNode): Expr {
    switch (node.name) {
      case 'NumberDurationLiteral':
        return { kind: 'number', value: this.number(node) };
      case 'StringLiteral':
        return { kind: 'string', value: this.string(node) };
      case 'ParenExpr':
        return { kind: 'paren', expr: this.expr(this.child(node, 0)) };
      case 'VectorSelector':
        return this.vectorSelector(node);
      case 'UnaryExpr': {
        const op = this.text(this.child(node, 0)) as '-' | '+';
        return { kind: 'unary', op, expr: this.expr(this.child(node, 1)) };
      }
      case 'BinaryExpr':
        return this.binary(node);
      case 'FunctionCall':
        return this.call(node);
      case 'AggregateExpr':
        return this.aggregate(node);
      case 'MatrixSelector':
      case 'SubqueryExpr':
      case 'OffsetExpr':
      case 'StepInvariantExpr': {
        // The grammar attaches postfix modifiers to a whole binary or unary expression
        // (`a + b[5m]` as `(a + b)[5m]`); PromQL binds them to the innermost operand.
        const inner = this.expr(this.child(node, 0));
        return pushPostfix(inner, (target) => this.postfix(node, target));
      }
      case 'AnchoredExpr':
      case 'SmoothedExpr': {
        const inner = this.expr(this.child(node, 0));
        return pushPostfix(inner, (target) => {
          const selector =
            target.kind === 'vectorSelector'
              ? target
              : target.kind === 'matrixSelector'
                ? target.selector
                : undefined;
          const word = node.name === 'AnchoredExpr' ? 'anchored' : 'smoothed';
          if (!selector)
            this.fail(
              `${word} modifier must be preceded by a vector or range vector selector`,
              node,
            );
          if (node.name === 'AnchoredExpr') {
            if (target.kind === 'vectorSelector')
              this.fail('anchored modifier can only be used on range vectors', node);
            selector.anchored = true;
          } else selector.smoothed = true;
          return target;
        });
      }
      default:
        this.fail(`unexpected ${node.name}`, node);
    }
  }

  private labelName(node: SyntaxNode): string {
    if (node.name === 'QuotedLabelName') return this.string(this.child(node, 0));
    return this.text(node);
  }

  private groupingLabels(node: SyntaxNode): string[] {
    return this.children(node).map((c) => this.labelName(c));
  }

  private vectorSelector(node: SyntaxNode): VectorSelector {
    let name: string | undefined;
    const matchers: LabelMatcher[] = [];
    for (const c of this.children(node)) {
      if (c.name === 'Identifier') {
        name = this.text(c);
        continue;
      }
      for (const m of this.children(c)) {
        if (m.name === 'QuotedLabelName') {
          // {"name"} selects by metric name.
          const value = this.labelName(m);
          if (name !== undefined) this.fail('metric name must not be set twice', m);
          name = value;
          continue;
        }
        const [labelNode, opNode, valueNode] = this.children(m);
        if (!labelNode || !opNode || !valueNode) this.fail('unexpected end of input', m.to);
        const op = matchOps[opNode.firstChild?.name ?? ''];
        if (!op) this.fail(`unexpected ${this.text(opNode)}`, opNode);
        const matcher = {
          type: op,
          name: this.labelName(labelNode),
          value: this.string(valueNode),
        };
        if (op === '=~' || op === '!~') this.checkRegex(matcher.value, m);
        matchers.push(matcher);
      }
    }
    if (name !== undefined) {
      if (matchers.some((m) => m.name === '__name__')) {
        this.fail('metric name must not be set twice', node);
      }
      matchers.unshift({ type: '=', name: '__name__', value: name });
    }
    // At least one matcher must not match the empty string, or the selector would select everything.
    if (!this.allowEmptySelector && !matchers.some((m) => !matchesEmpty(m))) {
      this.fail('vector selector must contain at least one non-empty matcher', node);
    }
    return { kind: 'vectorSelector', name, matchers, offset: 0, at: undefined };
  }

  /** Compiles a matcher's regex now, as Prometheus's parser does, so a bad one fails at its label. */
  private checkRegex(pattern: string, matcher: SyntaxNode): void {
    try {
      compileAnchored(pattern);
    } catch (error) {
      if (error instanceof RegexSyntaxError) this.fail(error.message, matcher);
      throw error;
    }
  }

  private binary(node: SyntaxNode): Expr {
    const parts = this.children(node);
    const lhsNode = parts[0];
    const rhsNode = parts[parts.length - 1];
    const opNode = parts[1];
    if (!lhsNode || !rhsNode || !opNode || parts.length < 3)
      this.fail('unexpected end of input', node.to);
    const op = binaryOps[opNode.name] ?? trimOps[opNode.name];
    if (!op) this.fail(`${this.text(opNode)} is not supported`, opNode);
    let returnBool = false;
    let matchingNode: SyntaxNode | undefined;
    const fill: { fillLeft?: number; fillRight?: number } = {};
    for (const p of parts.slice(2, -1)) {
      if (p.name === 'BoolModifier') returnBool = true;
      else if (p.name === 'MatchingModifierClause') matchingNode = p;
      else if (p.name === 'FillModifier') {
        for (const clause of this.children(p)) {
          const value = this.number(this.child(clause, 1));
          if (clause.name !== 'FillRightClause') fill.fillLeft = value;
          if (clause.name !== 'FillLeftClause') fill.fillRight = value;
        }
      }
    }
    const lhs = this.expr(lhsNode);
    const rhs = this.expr(rhsNode);
    // A signed number is one literal in the grammar, but `-2 ^ 2` means -(2 ^ 2) in PromQL.
    if (
      op === '^' &&
      lhsNode.name === 'NumberDurationLiteral' &&
      /^[-+]/.test(this.text(lhsNode))
    ) {
      const text = this.text(lhsNode);
      const unsigned: Expr = { kind: 'number', value: parseNumber(text.slice(1)) };
      return {
        kind: 'unary',
        op: text[0] as '-' | '+',
        expr: { kind: 'binary', op, lhs: unsigned, rhs, returnBool, matching: undefined },
      };
    }
    const matching = {
      ...(matchingNode ? this.matching(matchingNode, op) : defaultMatching(op)),
      ...fill,
    };
    return { kind: 'binary', op, lhs, rhs, returnBool, matching };
  }

  private matching(node: SyntaxNode, op: BinaryOp): VectorMatching {
    const parts = this.children(node);
    const on = parts[0]?.name === 'On';
    const labels = parts[1] ? this.groupingLabels(parts[1]) : [];
    let card: VectorMatching['card'] = isSet(op) ? 'many-to-many' : 'one-to-one';
    let include: string[] = [];
    const group = parts[2];
    if (group) {
      if (isSet(op)) this.fail(`no grouping allowed for "${op}" operation`, group);
      card = group.name === 'GroupLeft' ? 'many-to-one' : 'one-to-many';
      if (parts[3]) include = this.groupingLabels(parts[3]);
      if (on) {
        for (const l of include) {
          if (labels.includes(l))
            this.fail(`label "${l}" must not occur in ON and GROUP clause at once`, node);
        }
      }
    }
    return { card, labels, on, include };
  }

  private call(node: SyntaxNode): Expr {
    const [idNode, bodyNode] = this.children(node);
    if (!idNode || !bodyNode) this.fail('unexpected end of input', node.to);
    const name = this.renamed.get(idNode.from) ?? this.text(idNode);
    // Prometheus unwraps parentheses around function arguments: rate((x[5m])) is rate(x[5m]).
    // info()'s second argument selects data labels: its matchers may all match the empty string.
    const args = this.children(bodyNode).map((c, i) => {
      this.allowEmptySelector = name === 'info' && i === 1;
      try {
        return unwrapParens(this.expr(c));
      } finally {
        this.allowEmptySelector = false;
      }
    });
    return { kind: 'call', name, args };
  }

  private aggregate(node: SyntaxNode): Expr {
    const parts = this.children(node);
    const opNode = parts[0];
    if (!opNode) this.fail('unexpected end of input', node.to);
    const op = this.text(opNode).toLowerCase() as AggregateOp;
    let grouping: string[] = [];
    let without = false;
    let args: Expr[] = [];
    for (const p of parts.slice(1)) {
      if (p.name === 'AggregateModifier') {
        without = p.firstChild?.name === 'Without';
        const labelsNode = p.lastChild;
        grouping = labelsNode ? this.groupingLabels(labelsNode) : [];
      } else if (p.name === 'FunctionCallBody') {
        args = this.children(p).map((c) => this.expr(c));
      }
    }
    const takesParam =
      op === 'topk' ||
      op === 'bottomk' ||
      op === 'quantile' ||
      op === 'count_values' ||
      op === 'limitk' ||
      op === 'limit_ratio';
    const wanted = takesParam ? 2 : 1;
    if (args.length !== wanted) {
      this.fail(
        `wrong number of arguments for aggregate expression provided, expected ${wanted}, got ${args.length}`,
        node,
      );
    }
    const expr = args[wanted - 1] as Expr;
    return {
      kind: 'aggregate',
      op,
      expr,
      param: takesParam ? args[0] : undefined,
      grouping,
      without,
    };
  }

  private postfix(node: SyntaxNode, target: Expr): Expr {
    switch (node.name) {
      case 'MatrixSelector': {
        const range = this.duration(this.child(node, 1));
        if (target.kind !== 'vectorSelector') {
          this.fail('ranges only allowed for vector selectors', node);
        }
        if (range <= 0) this.fail(`range must be greater than 0`, node);
        return { kind: 'matrixSelector', selector: target, range };
      }
      case 'SubqueryExpr': {
        const durations = this.children(node).filter((c) => c.name === 'DurationExpr');
        const range = this.duration(durations[0] as SyntaxNode);
        const step = durations[1] ? this.duration(durations[1]) : 0;
        if (durations[1] && step <= 0) this.fail('step must be greater than 0', node);
        return { kind: 'subquery', expr: target, range, step, offset: 0, at: undefined };
      }
      case 'OffsetExpr': {
        const offset = this.offsetDuration(this.child(node, 2));
        const selector = modifiable(target);
        if (!selector) {
          this.fail(
            'offset modifier must be preceded by an instant vector selector or range vector selector or a subquery',
            node,
          );
        }
        if (selector.offset !== 0) this.fail('offset may not be set multiple times', node);
        selector.offset = offset;
        return target;
      }
      default: {
        // StepInvariantExpr: `@ <time>`, `@ start()`, `@ end()`.
        const argNode = this.child(node, 2);
        let at: AtModifier;
        if (argNode.name === 'AtModifierPreprocessors') {
          at = { kind: argNode.firstChild?.name === 'AtEnd' ? 'end' : 'start' };
        } else {
          const seconds = this.number(argNode);
          if (!Number.isFinite(seconds)) {
            this.fail(`timestamp out of bounds for @ modifier: ${seconds}`, argNode);
          }
          at = { kind: 'time', time: Math.round(seconds * 1000) };
        }
        const selector = modifiable(target);
        if (!selector) {
          this.fail(
            '@ modifier must be preceded by an instant vector selector or range vector selector or a subquery',
            node,
          );
        }
        if (selector.at) this.fail('@ <timestamp> may not be set multiple times', node);
        selector.at = at;
        return target;
      }
    }
  }
}

/** Where each node starts in the query, for error positions; rebuilt nodes fall back to a child's. */
const nodePositions = new WeakMap<Expr, number>();

/** Where a parsed node starts in its query (0 for nodes not from the parser). */
export function positionOf(e: Expr): number {
  const known = nodePositions.get(e);
  if (known !== undefined) return known;
  if (e.kind === 'binary') return positionOf(e.lhs);
  if (e.kind === 'matrixSelector') return positionOf(e.selector);
  if (e.kind === 'subquery') return positionOf(e.expr);
  return 0;
}

function unwrapParens(e: Expr): Expr {
  return e.kind === 'paren' ? unwrapParens(e.expr) : e;
}

function isSet(op: BinaryOp): boolean {
  return op === 'and' || op === 'or' || op === 'unless';
}

function defaultMatching(op: BinaryOp): VectorMatching {
  return { card: isSet(op) ? 'many-to-many' : 'one-to-one', labels: [], on: false, include: [] };
}

/** Whether a matcher matches the empty string (its regex is already known to compile). */
function matchesEmpty(m: LabelMatcher): boolean {
  switch (m.type) {
    case '=':
      return m.value === '';
    case '!=':
      return m.value !== '';
    case '=~':
      return compileAnchored(m.value).test('');
    case '!~':
      return !compileAnchored(m.value).test('');
  }
}

/** The node an offset or @ modifier applies to, if it may carry one. */
function modifiable(e: Expr): { offset: number; at: AtModifier | undefined } | undefined {
  if (e.kind === 'vectorSelector' || e.kind === 'subquery') return e;
  if (e.kind === 'matrixSelector') return e.selector;
  return undefined;
}

function pushPostfix(e: Expr, apply: (target: Expr) => Expr): Expr {
  if (e.kind === 'binary') return { ...e, rhs: pushPostfix(e.rhs, apply) };
  if (e.kind === 'unary') return { ...e, expr: pushPostfix(e.expr, apply) };
  return apply(e);
}

/**
 * The identifier that ends, but for whitespace, at `end` (`foo` in `foo (`), scanned backwards:
 * the regex this replaces backtracked quadratically on long queries.
 */
function identifierBefore(text: string, end: number): { name: string; from: number } | undefined {
  let stop = end;
  while (stop > 0 && /\s/.test(text[stop - 1] as string)) stop -= 1;
  let start = stop;
  while (start > 0 && /[A-Za-z0-9_:]/.test(text[start - 1] as string)) start -= 1;
  while (start < stop && !/[A-Za-z_]/.test(text[start] as string)) start += 1;
  return start < stop ? { name: text.slice(start, stop), from: start } : undefined;
}
