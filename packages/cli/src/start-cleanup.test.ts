import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  isRunning,
  killLeftovers,
  type LabPorts,
  type LauncherRun,
  loggedPids,
  startRunningLab,
  waitForPortsFree,
} from './launcher-harness.js';

/** Loaded into the launcher: SIGUSR2 makes it throw, as a bug would (an uncaught exception). */
const CRASH_ON_SIGUSR2 =
  'data:text/javascript,process.on("SIGUSR2",()=>{throw new Error("simulated launcher crash")})';

interface Way {
  way: string;
  nodeArgs?: string[];
  end: (run: LauncherRun, ports: LabPorts) => Promise<void> | void;
  /** The launcher still stops the services itself, callers first. */
  ordered: boolean;
}

const pid = (run: LauncherRun) => run.child.pid ?? 0;

const WAYS: Way[] = [
  {
    way: 'Ctrl-C (SIGINT to the process group)',
    end: (run) => void process.kill(-pid(run), 'SIGINT'),
    ordered: true,
  },
  { way: 'SIGTERM', end: (run) => void run.child.kill('SIGTERM'), ordered: true },
  { way: 'SIGHUP (terminal closed)', end: (run) => void run.child.kill('SIGHUP'), ordered: true },
  { way: 'SIGKILL of the launcher', end: (run) => void run.child.kill('SIGKILL'), ordered: false },
  {
    way: 'the launcher crashing',
    nodeArgs: ['--import', CRASH_ON_SIGUSR2],
    end: (run) => void run.child.kill('SIGUSR2'),
    ordered: false,
  },
  {
    // A killed `tee`: nobody reads the launcher's stdout; its next line (this order's logs) fails.
    way: 'its stdout closing',
    end: async (run, ports) => {
      run.child.stdout.destroy();
      await fetch(`http://127.0.0.1:${ports.demo}/api/orders`, { method: 'POST' }).catch(() => {});
    },
    // (The launcher stops the services in order here too, but its output is gone.)
    ordered: false,
  },
];

/** The services' "SIGTERM received" lines, in the order they stopped. */
function stopOrder(output: string): string[] {
  return [...output.matchAll(/^(\S+)\s*│ .*SIGTERM/gm)].map((match) => match[1] ?? '');
}

for (const { way, nodeArgs, end, ordered } of WAYS) {
  test(`every port is free within 2 s of ${way}`, { timeout: 45_000 }, async () => {
    const { ports, run } = await startRunningLab({ nodeArgs, detached: true });
    let pids: number[] = [];
    let clean = false;
    try {
      pids = loggedPids(run.output());
      assert.equal(pids.length, 3, run.output());
      const before = run.output();
      await end(run, ports);
      const held = await waitForPortsFree(ports, 2000);
      assert.deepEqual(held, [], `ports still held 2 s after ${way}:\n${run.output()}`);
      // And the processes are gone, not only their listeners (a child's hard stop is bounded).
      for (let i = 0; i < 40 && pids.some(isRunning); i += 1) await sleep(50);
      assert.deepEqual(pids.filter(isRunning), [], `processes left after ${way}:\n${run.output()}`);
      if (ordered) {
        assert.deepEqual(stopOrder(run.output().slice(before.length)), [
          'demo-app',
          'payment-service',
          'backend',
        ]);
      }
      clean = true;
    } finally {
      if (!clean) killLeftovers(run, pids);
    }
  });
}
