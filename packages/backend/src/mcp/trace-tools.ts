/**
 * The MCP tools that read traces. They ask the Jaeger API's own reader (trace-reader.ts), so an
 * agent hears what /api/services and /api/services/{service}/operations say, never raw SQL.
 */
import type { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import type { TraceReader } from '../query/jaeger/trace-reader.js';
import { logged } from './call-log.js';
import { capList, listShape, toolAnswer } from './tool-answer.js';

export function registerTraceTools(
  server: McpServer,
  reader: TraceReader,
  log: (message: string) => void,
): void {
  server.registerTool(
    'list_services',
    {
      description: 'The services that have sent spans, in name order.',
      inputSchema: z.object({}),
      outputSchema: listShape(z.string()),
      annotations: { readOnlyHint: true },
    },
    logged(log, 'list_services', async () => {
      const services = await reader.services();
      const answer = capList(services, 'no narrower question: ask list_operations per service');
      return toolAnswer(`${services.length} services: ${answer.items.join(', ')}`, answer);
    }),
  );
  server.registerTool(
    'list_operations',
    {
      description: "A service's span names (operations), each once, in name order.",
      inputSchema: z.object({ service: z.string().min(1).describe('a name list_services gives') }),
      outputSchema: listShape(z.string()),
      annotations: { readOnlyHint: true },
    },
    logged(log, 'list_operations', async ({ service }: { service: string }) => {
      const operations = await reader.operations(service);
      const names = [...new Set(operations.map((operation) => operation.name))];
      const answer = capList(names, 'use find_traces with an operation to see its spans');
      return toolAnswer(`${names.length} operations of ${service}`, answer);
    }),
  );
}
