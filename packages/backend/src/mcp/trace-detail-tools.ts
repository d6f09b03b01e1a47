/**
 * get_trace and get_spans: one trace as a compact tree (trace-tree.ts), and whole spans of it
 * (pick-spans.ts), both read as GET /api/traces/{id} reads them (trace-json.ts); and
 * explain_trace_errors (explain-errors-tool.ts), which reads the logs of the failed spans too.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import type { TraceReader } from '../query/jaeger/trace-reader.js';
import { logged } from './call-log.js';
import { registerExplainErrors } from './explain-errors-tool.js';
import { MAX_SPAN_IDS, pickSpans } from './pick-spans.js';
import { readJaegerTrace } from './trace-json.js';
import { MAX_TREE_NODES, traceTree } from './trace-tree.js';

const traceId = z.string().describe('32 hex digits (or 16), as find_traces gives');
const attributeValue = z.union([z.string(), z.number(), z.boolean()]);

const treeNode = z.object({
  spanId: z.string(),
  service: z.string(),
  name: z.string(),
  startMs: z.number(),
  durationMs: z.number(),
  status: z.enum(['ok', 'error', 'unset']),
  attributes: z.record(z.string(), attributeValue),
  error: z.literal(true).optional(),
  slowest: z.literal(true).optional(),
  count: z.number().optional(),
  totalMs: z.number().optional(),
  spansOmitted: z.number().optional(),
  get children() {
    return z.array(treeNode);
  },
});

const traceTreeShape = z.object({
  traceId: z.string(),
  rootService: z.string(),
  rootName: z.string(),
  start: z.string(),
  durationMs: z.number(),
  spanCount: z.number(),
  errorCount: z.number(),
  services: z.array(z.string()),
  nodes: z.number(),
  spansShown: z.number(),
  tree: z.array(treeNode),
  truncated: z.boolean(),
  narrow: z.string().optional(),
  warnings: z.array(z.string()).optional(),
});

const pickedShape = z.object({
  traceId: z.string(),
  spans: z.array(z.looseObject({ spanID: z.string(), operationName: z.string() })),
  missing: z.array(z.string()),
  left: z.array(z.string()),
  truncated: z.boolean(),
  narrow: z.string().optional(),
});

export function registerTraceDetailTools(
  server: McpServer,
  reader: TraceReader,
  logs: DuckDBConnection,
  log: (message: string) => void,
): void {
  registerExplainErrors(server, reader, logs, log);
  server.registerTool(
    'get_trace',
    {
      description:
        `One trace as a tree of at most ${MAX_TREE_NODES} nodes: service, name, start offset and ` +
        'duration (ms), status and key attributes of each span; alike siblings collapsed with a ' +
        'count; the slowest path (slowest: true) and failed spans (error: true) marked.',
      inputSchema: z.object({ traceId }),
      outputSchema: traceTreeShape,
      annotations: { readOnlyHint: true },
    },
    logged(log, 'get_trace', async (args: { traceId: string }) => {
      const tree = traceTree(await readJaegerTrace(reader, args.traceId));
      const text =
        `trace ${tree.traceId}: ${tree.spanCount} spans, ${tree.errorCount} errors, ` +
        `${tree.durationMs} ms, ${tree.services.length} services; ${tree.nodes} nodes shown` +
        (tree.truncated ? ` (truncated: ${tree.narrow})` : '');
      return { content: [{ type: 'text' as const, text }], structuredContent: { ...tree } };
    }),
  );
  server.registerTool(
    'get_spans',
    {
      description:
        `Every field of up to ${MAX_SPAN_IDS} spans of one trace, as the Jaeger API's span JSON ` +
        'has them (tags, logs, references, warnings), each with its process; unknown ids in missing.',
      inputSchema: z.object({
        traceId,
        spanIds: z
          .array(z.string())
          .min(1)
          .max(MAX_SPAN_IDS)
          .describe('16 hex digits each, as get_trace gives'),
      }),
      outputSchema: pickedShape,
      annotations: { readOnlyHint: true },
    },
    logged(log, 'get_spans', async (args: { traceId: string; spanIds: string[] }) => {
      const picked = pickSpans(await readJaegerTrace(reader, args.traceId), args.spanIds);
      const text =
        `trace ${picked.traceId}: ${picked.spans.length} spans, ${picked.missing.length} missing` +
        (picked.truncated ? ` (truncated: ${picked.narrow})` : '');
      return { content: [{ type: 'text' as const, text }], structuredContent: { ...picked } };
    }),
  );
}
