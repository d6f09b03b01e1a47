import { EXIT_FAILED, EXIT_USAGE } from './traffic/exit-policy.js';
import { formatSummary } from './traffic/format-summary.js';
import { TRAFFIC_HELP } from './traffic/help.js';
import { parseTrafficArgs } from './traffic/options.js';
import { checkTarget } from './traffic/preflight.js';
import { startProgress } from './traffic/progress.js';
import { progressGoal, runTraffic } from './traffic/run.js';
import { STOP_GRACE_MS, stopOnSignals } from './traffic/stop-signals.js';

async function main(): Promise<number> {
  const options = parseTrafficArgs(process.argv.slice(2));
  if ('help' in options) {
    console.log(TRAFFIC_HELP);
    return 0;
  }
  if ('errors' in options) {
    for (const error of options.errors) console.error(`traffic: ${error}`);
    console.error('Run npm run traffic -- --help for the options.');
    return EXIT_USAGE;
  }
  const problem = await checkTarget(options.target);
  if (problem) {
    console.error(`traffic: ${problem}`);
    return EXIT_FAILED;
  }

  const goal = progressGoal(options);
  let progress: { stop(): void } | undefined;
  const signals = stopOnSignals(() =>
    process.stderr.write(
      `\ntraffic: stopping: no new requests; waiting up to ${STOP_GRACE_MS / 1000} s for those in flight (Ctrl-C again to abandon them)\n`,
    ),
  );
  const startedAt = performance.now();
  try {
    const summary = await runTraffic(options, {
      stop: signals.stop,
      cancel: signals.cancel,
      onStart(stats) {
        progress = startProgress(process.stderr, goal, () => ({
          ...stats.progress(),
          elapsedMs: performance.now() - startedAt,
        }));
      },
    });
    progress?.stop();
    console.log(options.json ? JSON.stringify(summary) : formatSummary(summary, options.pauseMs));
    return summary.exitCode;
  } finally {
    progress?.stop();
    signals.dispose();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    // Not expected: failures of the traffic itself are outcomes in the summary.
    console.error(`traffic: unexpected error: ${(error as Error).message}`);
    process.exit(EXIT_FAILED);
  },
);
