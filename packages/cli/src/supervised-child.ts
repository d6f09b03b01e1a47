/**
 * Loaded with `node --require` into every process the launcher starts. The launcher keeps an IPC
 * channel open to each child; the kernel closes it however the launcher ends (SIGKILL and crashes
 * included), so its 'disconnect' is the one sure sign that nobody will stop this process any more.
 * The child then stops itself the way a SIGTERM would (in-flight requests finish, telemetry is
 * flushed), with a hard exit after a bound so that its ports are free soon whatever happens.
 */
import { isMainThread } from 'node:worker_threads';
import { ORPHAN_STOP_BUDGET_MS, ORPHAN_STOP_DELAY_ENV } from './orphan-stop.js';

function watchParent(): void {
  const delay = Math.max(0, Number(process.env[ORPHAN_STOP_DELAY_ENV]) || 0);
  delete process.env[ORPHAN_STOP_DELAY_ENV];
  process.once('disconnect', () => {
    setTimeout(() => process.exit(1), delay + ORPHAN_STOP_BUDGET_MS).unref();
    // The process's own SIGTERM handler does the graceful stop; before it is installed (still
    // starting), SIGTERM's default ends the process, which is right too.
    setTimeout(() => process.kill(process.pid, 'SIGTERM'), delay).unref();
  });
  // Once the launcher is gone its end of our stdout and stderr pipes is closed too: a write then
  // fails with EPIPE, which must not turn a graceful stop into a crash.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
}

// Worker threads inherit --require; only the main thread watches.
if (isMainThread && process.channel) watchParent();
