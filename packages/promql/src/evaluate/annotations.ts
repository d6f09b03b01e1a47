// Warnings and infos that travel beside a result (Prometheus's annotations), worded as Prometheus
// words them, with the position of the expression they concern.

export type AnnotationSink = (kind: 'warning' | 'info', message: string) => void;

export class Annotations {
  readonly warnings = new Set<string>();
  readonly infos = new Set<string>();

  constructor(
    private readonly query: string | undefined,
    private readonly positionOf: (node: object) => number | undefined,
  ) {}

  /** Records a message about a node; the query position is appended as "(line:col)". */
  add(kind: 'warning' | 'info', message: string, node?: object): void {
    const pos = node && this.query !== undefined ? this.positionOf(node) : undefined;
    const text = `PromQL ${kind}: ${message}${pos === undefined ? '' : ` (${lineAndColumn(this.query as string, pos)})`}`;
    (kind === 'warning' ? this.warnings : this.infos).add(text);
  }

  sink(node?: object): AnnotationSink {
    return (kind, message) => this.add(kind, message, node);
  }
}

function lineAndColumn(query: string, pos: number): string {
  let line = 1;
  let lastBreak = -1;
  for (let i = 0; i < pos; i++) {
    if (query[i] === '\n') {
      line++;
      lastBreak = i;
    }
  }
  return `${line}:${pos - lastBreak}`;
}

/** Go's %g: shortest digits, in exponent form below 1e-4 and from 1e6. */
export function formatGoG(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Number.POSITIVE_INFINITY) return '+Inf';
  if (f === Number.NEGATIVE_INFINITY) return '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const exp = Math.floor(Math.log10(Math.abs(f)));
  if (exp < -4 || exp >= 6) return f.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  return String(f);
}

export function invalidQuantileMessage(q: number): string | undefined {
  return Number.isNaN(q) || q < 0 || q > 1
    ? `quantile value should be between 0 and 1, got ${formatGoG(q)}`
    : undefined;
}
