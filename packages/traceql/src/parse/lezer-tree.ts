// The Lezer TraceQL parser, strict: it stops at the first error, whose offset it reports.

export const { parser: lezerParser } =
  require('@grafana/lezer-traceql') as typeof import('@grafana/lezer-traceql', { with: {
    'resolution-mode': 'import',
  }});

type Tree = ReturnType<typeof lezerParser.parse>;
export type SyntaxNode = Tree['topNode'];

const strictParser = lezerParser.configure({ strict: true });

/** The tree, or the offset of the first syntax error. */
export function parseTree(text: string): { tree: Tree } | { errorAt: number } {
  try {
    return { tree: strictParser.parse(text) };
  } catch (error) {
    const at = /No parse at (\d+)/.exec(String((error as Error).message))?.[1];
    return { errorAt: at === undefined ? text.length : Number(at) };
  }
}
