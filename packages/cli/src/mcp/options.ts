import { parseArgs } from 'node:util';
import { backendUrlError, DEFAULT_BACKEND } from '../query/options.js';

export interface McpOptions {
  backend: string;
  token: string | undefined;
}

export const MCP_HELP = `Usage: node packages/cli/dist/mcp.js [--backend URL]
       (or npm run --silent mcp -- [--backend URL])

The lab's MCP server over stdio, for agents that start a process (Claude Desktop, Cursor, VS Code,
Claude Code, Codex…). It forwards each message to a running backend's /mcp over HTTP, so its tools
and answers are the backend's: list_services, find_traces, get_trace, search_logs, query_promql…
The lab must be running (npm start). stdout carries the protocol; messages go to stderr.

Options:
  --backend URL   the backend's query port (default ${DEFAULT_BACKEND}); the token in
                  OTEL_LAB_TOKEN is sent as a bearer when set (a backend bound beyond loopback
                  asks for it)
  -h, --help      this help`;

export type ParsedMcp = McpOptions | { help: true } | { errors: string[] };

export function parseMcpArgs(argv: string[], env: NodeJS.ProcessEnv = {}): ParsedMcp {
  let values: { backend?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { backend: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    return { errors: [(error as Error).message] };
  }
  if (values.help) return { help: true };
  const backend = values.backend ?? DEFAULT_BACKEND;
  const badBackend = backendUrlError(backend);
  if (badBackend) return { errors: [badBackend] };
  return { backend, token: env.OTEL_LAB_TOKEN || undefined };
}
