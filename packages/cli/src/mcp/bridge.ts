/**
 * The stdio MCP server is a bridge, not a second server: each JSON-RPC message a client writes
 * to stdin is POSTed to the backend's /mcp, and what /mcp answers is written to stdout. The
 * tools, their caps and their checks live once, in the backend (packages/backend/src/mcp), so
 * an agent hears the same answers over stdio as over HTTP. /mcp is stateless and answers JSON,
 * so one fetch per message is the whole transport.
 */
import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import { reasonOf } from '../query/backend-client.js';

/** Longer than the backend's default query deadline (30 s), so its own timeout answers first. */
export const BRIDGE_TIMEOUT_MS = 60_000;
/** The most of one /mcp answer the bridge reads: the tools cap theirs at 32 KB of JSON. */
export const MAX_ANSWER_BYTES = 1024 * 1024;

/** JSON-RPC's code for a server error outside the protocol's own (the backend unreachable). */
const BACKEND_ERROR = -32000;

export interface BridgeOptions {
  /** The backend's query port, e.g. http://localhost:16686. */
  backend: string;
  /** OTEL_LAB_TOKEN: sent as a bearer when set. */
  token?: string;
  timeoutMs?: number;
}

export interface Bridge {
  /** The messages to write back for `message`: none for a notification the backend accepted. */
  forward(message: JSONRPCMessage): Promise<JSONRPCMessage[]>;
}

type RequestId = string | number;

const idOf = (message: JSONRPCMessage): RequestId | undefined =>
  'method' in message && 'id' in message ? (message.id as RequestId) : undefined;

function failure(id: RequestId | undefined, message: string): JSONRPCMessage[] {
  if (id === undefined) return []; // a notification has no one to answer to
  return [{ jsonrpc: '2.0', id, error: { code: BACKEND_ERROR, message } }];
}

/** The body's text, refused past `limit` bytes so a wrong URL cannot flood the bridge. */
async function boundedText(response: Response, limit: number): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > limit) throw new Error(`answer of ${declared} bytes is over ${limit}`);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body ?? []) {
    size += chunk.byteLength;
    if (size > limit) throw new Error(`answer is over ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const isMessage = (value: unknown): value is JSONRPCMessage =>
  typeof value === 'object' && value !== null && (value as { jsonrpc?: unknown }).jsonrpc === '2.0';

export function createBridge(options: BridgeOptions): Bridge {
  const url = `${options.backend.replace(/\/+$/, '')}/mcp`;
  const timeoutMs = options.timeoutMs ?? BRIDGE_TIMEOUT_MS;
  // The version initialize agreed on, sent with every later message as the transport asks.
  let protocolVersion: string | undefined;
  return {
    async forward(message) {
      const id = idOf(message);
      const what = 'method' in message ? message.method : 'a response';
      let response: Response;
      let text: string;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
            ...(protocolVersion ? { 'mcp-protocol-version': protocolVersion } : {}),
            ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          },
          body: JSON.stringify(message),
          signal: AbortSignal.timeout(timeoutMs),
        });
        text = await boundedText(response, MAX_ANSWER_BYTES);
      } catch (error) {
        return failure(
          id,
          `cannot reach the backend at ${url} (${what}): ${reasonOf(error, timeoutMs)}`,
        );
      }
      if (response.status === 202) return [];
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return failure(
          id,
          `the backend at ${url} answered HTTP ${response.status}, not JSON: ${text.slice(0, 200)}`,
        );
      }
      const answers = (Array.isArray(body) ? body : [body]).filter(isMessage);
      if (answers.length === 0) {
        // The query port's own refusals (401 token, 403 Host or Origin, 413) are `{error}`.
        const reason = (body as { error?: unknown } | null)?.error;
        return failure(
          id,
          `the backend at ${url} answered HTTP ${response.status}: ${typeof reason === 'string' ? reason : text.slice(0, 200)}`,
        );
      }
      for (const answer of answers) {
        const version = (answer as { result?: { protocolVersion?: unknown } }).result
          ?.protocolVersion;
        if (typeof version === 'string') protocolVersion = version;
      }
      return answers;
    },
  };
}
