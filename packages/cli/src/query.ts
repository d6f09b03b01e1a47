import { QUERY_HELP } from './query/help.js';
import { parseQueryArgs } from './query/options.js';
import { runQuery } from './query/run.js';
import { safeText } from './query/terminal-text.js';

const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

async function main(): Promise<number> {
  const options = parseQueryArgs(process.argv.slice(2), process.env);
  if ('help' in options) {
    console.log(QUERY_HELP[options.help]);
    return 0;
  }
  if ('errors' in options) {
    for (const error of options.errors) console.error(`query: ${error}`);
    console.error('Run npm run query -- --help for the subcommands and options.');
    return EXIT_USAGE;
  }
  const outcome = await runQuery(options);
  if ('error' in outcome) {
    // The backend's messages may quote the query or the telemetry.
    console.error(`query: ${safeText(outcome.error)}`);
    return EXIT_FAILED;
  }
  console.log(options.json ? JSON.stringify(outcome.json, null, 2) : outcome.text);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`query: unexpected error: ${(error as Error).message}`);
    process.exitCode = EXIT_FAILED;
  },
);
