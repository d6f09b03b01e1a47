/**
 * Preloaded into demo-app by `bench:overhead --cpu-prof` through NODE_OPTIONS=--require, because
 * Node 20 does not accept --cpu-prof in NODE_OPTIONS. Profiles the whole process with the same V8
 * sampler --cpu-prof uses and writes BENCH_CPU_PROFILE when the process exits.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

const file = process.env.BENCH_CPU_PROFILE;
if (file) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 1000 });
  session.post('Profiler.start');
  // In-process inspector calls answer synchronously, so this completes inside the exit handler.
  process.once('exit', () => {
    session.post('Profiler.stop', (error, result) => {
      if (error) {
        process.stderr.write(`cpu profile not written: ${error.message}\n`);
        return;
      }
      writeFileSync(file, JSON.stringify(result.profile));
    });
  });
}
