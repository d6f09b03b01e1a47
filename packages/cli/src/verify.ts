import { readDashboard } from './verify/dashboard-file.js';
import { VERIFY_HELP } from './verify/help.js';
import { createGetJson } from './verify/http.js';
import { parseVerifyArgs } from './verify/options.js';
import { formatReport, reportJson } from './verify/report.js';
import { EXIT_FAILED, EXIT_USAGE } from './verify/result.js';
import { runVerify } from './verify/run.js';

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
  const report = await runVerify(options, dashboard, createGetJson());
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
