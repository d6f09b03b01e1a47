/**
 * `/mcp` on the query port: the Model Context Protocol over Streamable HTTP, stateless (a fresh
 * server and transport per request, as the SDK's stateless example does), so nothing is kept
 * between an agent's calls. It sits in the route table behind the port's Host check and access
 * token like every API; errors outside the protocol take the native `{error}` shape.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DuckDBConnection } from '@duckdb/node-api';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { createTraceReader } from '../query/jaeger/trace-reader.js';
import { NO_RULES } from '../query/prometheus/rules-endpoints.js';
import type { RulesView } from '../rules/eval/rule-state.js';
import { sendApiError } from '../serve/error-shape.js';
import type { QueryRouter } from '../serve/query-router.js';
import type { ReaderPool } from '../storage/reader-pool.js';
import { registerFindTraces } from './find-traces-tool.js';
import { foreignOrigin } from './origin-check.js';
import { registerRuleTools } from './rule-tools.js';
import { registerTraceTools } from './trace-tools.js';

/** What the tools read: the stores the HTTP APIs read, never SQL from the caller. */
export interface McpSources {
  /** What the Jaeger API reads traces from. */
  readers: ReaderPool | DuckDBConnection;
  /** What the native trace search reads. */
  reader: DuckDBConnection;
  /** The rules' state, as /api/v1/rules and /api/v1/alerts read it; default: no rules. */
  rules?: RulesView;
}

export interface McpApiOptions {
  /** Each tool call and failure is logged here. */
  log: (message: string) => void;
  version?: string;
}

export const MCP_PATH = '/mcp';

export function registerMcpApi(
  router: QueryRouter,
  sources: McpSources,
  options: McpApiOptions,
): void {
  const traces = createTraceReader(sources.readers);
  const answer = async (request: IncomingMessage, response: ServerResponse) => {
    const refusal = foreignOrigin(request);
    if (refusal) {
      request.resume();
      sendApiError(request, response, 403, refusal);
      return;
    }
    const server = new McpServer({ name: 'otel-lab', version: options.version ?? '0.1.0' });
    registerTraceTools(server, traces, options.log);
    registerFindTraces(server, sources.reader, options.log);
    registerRuleTools(server, sources.rules ?? NO_RULES, options.log);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    response.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(request, response);
  };
  router.api('native').on(['GET', 'POST', 'DELETE'], MCP_PATH, answer);
}
