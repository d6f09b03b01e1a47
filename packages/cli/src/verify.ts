import { readDashboard } from './verify/dashboard-file.js';
import { VERIFY_HELP } from './verify/help.js';
import { createGetJson } from './verify/http.js';
import { parseVerifyArgs } from './verify/options.js';
import { formatReport, reportJson, reportOf } from './verify/report.js';
import { EXIT_FAILED, EXIT_USAGE } from './verify/result.js';
import { runRound, runVerify } from './verify/run.js';
import { verifyWaiting } from './verify/wait.js';

async function main(): Promise<number> {
  const options = parseVerifyArgs(process.argv.slice(2), process.env);
  if ('help' in options) {
    console.log(VERIFY_HELP);
    return 0;
  }
  if ('errors' in options) {
    for (const error of options.errors) console.error(`verify: ${error}`);
    console.error('Run npm run verify -- --help for the options.');
    return EXIT_USAGE;
  }
  const dashboard = readDashboard(options.dashboardFile);
  if ('error' in dashboard) {
    console.error(`verify: ${dashboard.error}`);
    return EXIT_USAGE;
  }
  const get = createGetJson();
  const report =
    options.waitMs > 0
      ? await verifyWaiting(
          (previous) => runRound(options, dashboard, get, Date.now(), previous),
          options.waitMs,
          (line) => console.error(line),
        ).then(({ round, waitedMs }) => reportOf(round.target, round.checks, waitedMs))
      : await runVerify(options, dashboard, get);
  console.log(options.json ? reportJson(report) : formatReport(report));
  return report.exitCode;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    // Not expected: unreachable URLs and bad answers are failing checks in the report.
    console.error(`verify: unexpected error: ${(error as Error).message}`);
    process.exit(EXIT_FAILED);
  },
);
