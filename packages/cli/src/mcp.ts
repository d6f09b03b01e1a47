/**
 * `npm run --silent mcp` / `node packages/cli/dist/mcp.js`: the MCP server over stdio, a bridge
 * to the running backend's /mcp (mcp/bridge.ts). stdout is the protocol's alone: everything
 * else goes to stderr.
 */
import { serializeMessage } from '@modelcontextprotocol/server';
import { StdioServerTransport } from '@modelcontextprotocol/server/stdio';
import { createBridge } from './mcp/bridge.js';
import { MCP_HELP, parseMcpArgs } from './mcp/options.js';

const EXIT_USAGE = 2;

function main(): void {
  const options = parseMcpArgs(process.argv.slice(2), process.env);
  if ('help' in options) {
    console.log(MCP_HELP);
    return;
  }
  if ('errors' in options) {
    for (const error of options.errors) console.error(`mcp: ${error}`);
    console.error('Run node packages/cli/dist/mcp.js --help for the options.');
    process.exitCode = EXIT_USAGE;
    return;
  }
  const bridge = createBridge(options);
  const transport = new StdioServerTransport();
  // Messages still being answered when stdin ends (`echo … | mcp`) are answered before the exit.
  const inFlight = new Set<Promise<unknown>>();
  transport.onmessage = (message) => {
    const answered = bridge
      .forward(message)
      .then((answers) => {
        // Written directly: the transport drops what is sent after stdin has closed.
        for (const answer of answers) process.stdout.write(serializeMessage(answer));
      })
      .catch((error: Error) => console.error(`mcp: ${error.message}`))
      .finally(() => inFlight.delete(answered));
    inFlight.add(answered);
  };
  transport.onerror = (error) => console.error(`mcp: ${error.message}`);
  transport.onclose = () => {
    void Promise.allSettled(inFlight).then(() => process.exit(0));
  };
  console.error(`otel-lab mcp: stdio ⇄ ${options.backend}/mcp`);
  void transport.start();
}

main();
