import { formatDuration } from './duration.js';

export interface ProgressState {
  ended: number;
  errors: number;
  elapsedMs: number;
}

/** What the run aims at: a number of requests, or a time. */
export type ProgressGoal = { requests: number } | { durationMs: number };

const BAR_WIDTH = 30;

export function progressFraction(goal: ProgressGoal, state: ProgressState): number {
  const fraction =
    'requests' in goal ? state.ended / goal.requests : state.elapsedMs / goal.durationMs;
  return Math.min(1, Math.max(0, fraction));
}

function counts(goal: ProgressGoal, state: ProgressState): string {
  const requests = 'requests' in goal ? `${state.ended}/${goal.requests}` : String(state.ended);
  return `${requests} requests, ${state.errors} errors, ${formatDuration(state.elapsedMs)}`;
}

/** The terminal's bar, redrawn in place. */
export function progressBar(goal: ProgressGoal, state: ProgressState): string {
  const fraction = progressFraction(goal, state);
  const filled = Math.round(fraction * BAR_WIDTH);
  const bar = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`;
  return `${bar} ${String(Math.floor(fraction * 100)).padStart(3)} %  ${counts(goal, state)}`;
}

/** A line for logs and pipes. */
export function progressLine(goal: ProgressGoal, state: ProgressState): string {
  return `traffic: ${Math.floor(progressFraction(goal, state) * 100)} % (${counts(goal, state)})`;
}

/**
 * Shows progress on `stream`: a bar redrawn ten times a second on a terminal, otherwise a line
 * each time another 10 % is done (checked every second). The bar is a dozen lines, so it is
 * written here rather than taken from a package with its own timers and terminal handling.
 */
export function startProgress(
  stream: NodeJS.WriteStream,
  goal: ProgressGoal,
  state: () => ProgressState,
): { stop(): void } {
  if (stream.isTTY) {
    const draw = () => stream.write(`\r${progressBar(goal, state())}\x1b[K`);
    const timer = setInterval(draw, 100);
    timer.unref();
    let stopped = false;
    return {
      stop() {
        if (stopped) return;
        stopped = true;
        clearInterval(timer);
        draw();
        stream.write('\n');
      },
    };
  }
  let shownDecile = 0;
  const timer = setInterval(() => {
    const decile = Math.floor(progressFraction(goal, state()) * 10);
    if (decile > shownDecile && decile < 10) {
      shownDecile = decile;
      stream.write(`${progressLine(goal, state())}\n`);
    }
  }, 1000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
