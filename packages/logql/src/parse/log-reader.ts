// The log half of the tree: stream selectors, line filters and pipeline stages, label filters.
import type { LabelMatcher, MatchType } from '@otel-lab/promql';
import type {
  CompareOp,
  LabelExtraction,
  LabelFilter,
  LabelFormatItem,
  LabelSelector,
  LineFilterOp,
  LineFilterStage,
  LogExpr,
  Stage,
} from '../ast';
import type { SyntaxNode } from './lezer-tree';
import { parseBytes } from './literals';
import { NodeReader } from './node-reader';

const matchOps: Record<string, MatchType> = { Eq: '=', Neq: '!=', Re: '=~', Nre: '!~' };
const filterOps: Record<string, LineFilterOp> = {
  PipeExact: '|=',
  Neq: '!=',
  PipeMatch: '|~',
  Nre: '!~',
  PipePattern: '|>',
  Npa: '!>',
};
const compareOps: Record<string, CompareOp> = {
  Gtr: '>',
  Gte: '>=',
  Lss: '<',
  Lte: '<=',
  Eql: '==',
  Eq: '==',
  Neq: '!=',
};

export class LogReader extends NodeReader {
  /** A LogExpr node: `{...} pipeline`, possibly in parentheses. */
  logExpr(node: SyntaxNode): LogExpr {
    const inner = node.getChild('LogExpr');
    if (inner) return this.logExpr(inner);
    const pipeline = node.getChild('PipelineExpr');
    return {
      kind: 'log',
      matchers: this.selector(this.need(node, 'Selector')),
      pipeline: pipeline ? this.pipeline(pipeline) : [],
    };
  }

  selector(node: SyntaxNode): LabelMatcher[] {
    const matchers = node.getChild('Matchers');
    if (!matchers) this.fail('syntax error: unexpected }', node.to - 1);
    return this.listItems(matchers, 'Matchers', 'Matcher').map((m) => this.matcher(m));
  }

  matcher(node: SyntaxNode): LabelMatcher {
    const [name, op, value] = this.children(node);
    if (!name || !op || !value) this.fail('syntax error: incomplete label matcher', node);
    const type = matchOps[op.name];
    if (!type) this.fail(`syntax error: unexpected ${this.text(op)}`, op);
    return { name: this.text(name), type, value: this.string(value) };
  }

  pipeline(node: SyntaxNode): Stage[] {
    const out: Stage[] = [];
    for (const stage of this.listItems(node, 'PipelineExpr', 'PipelineStage')) {
      const lineFilters = stage.getChild('LineFilters');
      if (lineFilters) out.push(...this.lineFilters(lineFilters));
      else out.push(this.stage(stage));
    }
    return out;
  }

  private lineFilters(node: SyntaxNode): LineFilterStage[] {
    const out: LineFilterStage[] = [];
    for (const c of this.children(node)) {
      if (c.name === 'LineFilters') out.push(...this.lineFilters(c));
      else if (c.name === 'LineFilter') out.push(this.lineFilter(c));
      else if (c.name === 'OrFilter') {
        const last = out.pop() as LineFilterStage;
        out.push({ ...last, values: [...last.values, ...this.orValues(c)] });
      }
    }
    return out;
  }

  private lineFilter(node: SyntaxNode): LineFilterStage {
    const filter = this.need(node, 'Filter').firstChild;
    const op = filter ? filterOps[filter.name] : undefined;
    if (!op) this.fail('syntax error: unknown line filter', node);
    return { kind: 'lineFilter', op, values: this.orValues(node) };
  }

  /** The string and ip("...") operands of a filter and its `or` chain, in order. */
  private orValues(node: SyntaxNode): { ip: boolean; value: string }[] {
    const out: { ip: boolean; value: string }[] = [];
    let ip = false;
    for (const c of this.children(node)) {
      if (c.name === 'FilterOp') ip = true;
      else if (c.name === 'String') {
        out.push({ ip, value: this.string(c) });
        ip = false;
      } else if (c.name === 'OrFilter') out.push(...this.orValues(c));
    }
    return out;
  }

  private stage(node: SyntaxNode): Stage {
    const body = node.lastChild;
    if (!body) this.fail('syntax error: empty pipeline stage', node);
    switch (body.name) {
      case 'LabelParser':
        return this.labelParser(body);
      case 'JsonExpressionParser':
        return { kind: 'json', params: this.extractions(body) };
      case 'LogfmtParser':
      case 'LogfmtExpressionParser': {
        const flags = this.listItems(body, 'LogfmtParserFlags', 'ParserFlag').map((f) =>
          this.text(f),
        );
        return {
          kind: 'logfmt',
          strict: flags.includes('--strict'),
          keepEmpty: flags.includes('--keep-empty'),
          params: this.extractions(body),
        };
      }
      case 'LabelFilter':
        return { kind: 'labelFilter', filter: this.labelFilter(body) };
      case 'LineFormatExpr':
        return { kind: 'lineFormat', template: this.string(this.need(body, 'String')) };
      case 'LabelFormatExpr':
        return { kind: 'labelFormat', items: this.labelFormat(this.need(body, 'LabelsFormat')) };
      case 'DecolorizeExpr':
        return { kind: 'decolorize' };
      case 'DropLabelsExpr':
        return { kind: 'drop', labels: this.labelSelectors(body, 'DropLabels', 'DropLabel') };
      case 'KeepLabelsExpr':
        return { kind: 'keep', labels: this.labelSelectors(body, 'KeepLabels', 'KeepLabel') };
      default:
        return this.fail(`syntax error: unexpected ${this.text(body)}`, body);
    }
  }

  private labelParser(node: SyntaxNode): Stage {
    const [op, arg] = this.children(node);
    switch (op?.name) {
      case 'Json':
        return { kind: 'json', params: [] };
      case 'Unpack':
        return { kind: 'unpack' };
      case 'Regexp':
        return { kind: 'regexp', pattern: this.string(arg ?? node) };
      case 'Pattern':
        return { kind: 'pattern', pattern: this.string(arg ?? node) };
      default:
        return this.fail('syntax error: unknown parser', node);
    }
  }

  private extractions(node: SyntaxNode): LabelExtraction[] {
    const list = node.getChild('LabelExtractionExpressionList');
    if (!list) return [];
    return this.listItems(list, 'LabelExtractionExpressionList', 'LabelExtractionExpression').map(
      (e) => {
        const label = this.text(this.need(e, 'Identifier'));
        const expr = e.getChild('String');
        return { label, expression: expr ? this.string(expr) : label };
      },
    );
  }

  labelFilter(node: SyntaxNode): LabelFilter {
    const parts = this.children(node);
    const filters = parts.filter((c) => c.name === 'LabelFilter');
    if (filters.length === 2) {
      const kind = parts.some((c) => c.name === 'Or') ? 'or' : 'and';
      return {
        kind,
        left: this.labelFilter(filters[0] as SyntaxNode),
        right: this.labelFilter(filters[1] as SyntaxNode),
      };
    }
    if (filters.length === 1) return this.labelFilter(filters[0] as SyntaxNode);
    const leaf = parts[0];
    if (!leaf) this.fail('syntax error: empty label filter', node);
    switch (leaf.name) {
      case 'Matcher':
        return { kind: 'string', matcher: this.matcher(leaf) };
      case 'IpLabelFilter': {
        const op = this.children(leaf)[1];
        return {
          kind: 'ip',
          name: this.text(this.need(leaf, 'Identifier')),
          op: op?.name === 'Neq' ? '!=' : '=',
          pattern: this.string(this.need(leaf, 'String')),
        };
      }
      case 'UnitFilter':
        return this.unitFilter(leaf.firstChild ?? leaf);
      case 'NumberFilter': {
        const [name, op, literal] = this.children(leaf);
        if (!name || !op || !literal) this.fail('syntax error: incomplete number filter', leaf);
        const sign = literal.getChild('Sub') ? -1 : 1;
        return {
          kind: 'number',
          name: this.text(name),
          op: this.compareOp(op),
          value: sign * this.number(this.need(literal, 'Number')),
        };
      }
      default:
        return this.fail(`syntax error: unexpected ${this.text(leaf)}`, leaf);
    }
  }

  private unitFilter(node: SyntaxNode): LabelFilter {
    const [name, op, value] = this.children(node);
    if (!name || !op || !value) this.fail('syntax error: incomplete label filter', node);
    if (node.name === 'DurationFilter') {
      return {
        kind: 'duration',
        name: this.text(name),
        op: this.compareOp(op),
        valueNs: this.duration(value),
      };
    }
    const bytes = parseBytes(this.text(value));
    if (bytes === undefined) this.fail(`invalid bytes ${this.text(value)}`, value);
    return { kind: 'bytes', name: this.text(name), op: this.compareOp(op), value: bytes };
  }

  private compareOp(node: SyntaxNode): CompareOp {
    const op = compareOps[node.name];
    if (!op) this.fail(`syntax error: unexpected ${this.text(node)}`, node);
    return op;
  }

  private labelFormat(node: SyntaxNode): LabelFormatItem[] {
    return this.listItems(node, 'LabelsFormat', 'LabelFormatMatcher').map((m) => {
      const [dst, , value] = this.children(m);
      if (!dst || !value) this.fail('syntax error: incomplete label_format', m);
      return value.name === 'String'
        ? { kind: 'template', dst: this.text(dst), template: this.string(value) }
        : { kind: 'rename', dst: this.text(dst), src: this.text(value) };
    });
  }

  private labelSelectors(node: SyntaxNode, listName: string, itemName: string): LabelSelector[] {
    const list = this.need(node, listName);
    return this.listItems(list, listName, itemName).map((item) => {
      const matcher = item.getChild('Matcher');
      if (!matcher) return { name: this.text(this.need(item, 'Identifier')) };
      const m = this.matcher(matcher);
      return { name: m.name, matcher: m };
    });
  }
}
