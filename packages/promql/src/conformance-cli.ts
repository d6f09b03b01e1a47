// npm run conformance:promql [-- --testdata DIR] [--verbose] [--file NAME]: runs Prometheus's promqltest
// scripts through the engine and prints passes, failures and skips per file, then one JSON line.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { count, runConformance } from './promqltest/conformance';

const usage = `Usage: npm run conformance:promql -- [--testdata DIR] [--file NAME]... [--verbose] [--skip-annotations]

Runs Prometheus's PromQL test scripts (promqltest format) through @otel-lab/promql.
  --testdata DIR  directory of *.test files (default: ../shared/conformance/promql-testdata
                  next to the repository)
  --file NAME     run only this file (without .test); repeatable
  --verbose       print every failing case with its reason
  --skip-annotations  do not check expected warnings and infos (expect warn|info|no_warn|no_info)
  --help          show this help`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      testdata: { type: 'string' },
      file: { type: 'string', multiple: true },
      verbose: { type: 'boolean', default: false },
      'skip-annotations': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const repoRoot = resolve(__dirname, '..', '..', '..');
  const dir = values.testdata ?? join(repoRoot, '..', 'shared', 'conformance', 'promql-testdata');
  if (!existsSync(dir)) {
    console.error(`no test data at ${dir} (use --testdata DIR)`);
    return 2;
  }
  const reports = await runConformance(dir, values.file, {
    checkAnnotations: !values['skip-annotations'],
  });
  const totals = { passed: 0, failed: 0 };
  for (const group of ['target', 'experimental', 'other'] as const) {
    const inGroup = reports.filter((r) => r.group === group);
    if (inGroup.length === 0) continue;
    console.log(`${group} files:`);
    for (const r of inGroup) {
      const passed = count(r.outcomes, 'passed');
      const failed = count(r.outcomes, 'failed');
      const note = r.error ? `  (script error: ${r.error})` : '';
      console.log(
        `  ${r.file.padEnd(22)} passed ${String(passed).padStart(4)}  failed ${String(failed).padStart(4)}${note}`,
      );
      if (values.verbose) {
        for (const o of r.outcomes.filter((x) => x.status === 'failed')) {
          console.log(`    ${r.file}:${o.line} ${o.expr}\n      ${o.reason}`);
        }
      }
      totals.passed += passed;
      totals.failed += failed;
    }
  }
  console.log(JSON.stringify(totals));
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
