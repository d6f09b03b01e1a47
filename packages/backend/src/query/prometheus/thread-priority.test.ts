import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';

/** The nice value of a thread, field 19 of /proc/self/task/TID/stat. */
function niceOf(tid: string): number {
  const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
}

test('a thread lowers its own priority and no other thread’s (Linux; elsewhere it says it cannot)', async () => {
  const module = JSON.stringify(join(__dirname, 'thread-priority.js'));
  const linux = process.platform === 'linux';
  const before = linux ? niceOf(String(process.pid)) : 0;
  const worker = new Worker(
    `const { parentPort } = require('node:worker_threads');
     const { readlinkSync } = require('node:fs');
     const lowered = require(${module}).lowerThreadPriority(7);
     let tid = '';
     try { tid = readlinkSync('/proc/thread-self').split('/').pop(); } catch {}
     parentPort.postMessage({ lowered, tid });
     parentPort.once('message', () => process.exit(0));`,
    { eval: true },
  );
  const [reply] = (await new Promise((resolve) => worker.once('message', (m) => resolve([m])))) as [
    { lowered: boolean; tid: string },
  ];
  try {
    if (!linux) {
      assert.equal(reply.lowered, false);
      return;
    }
    assert.equal(reply.lowered, true);
    assert.equal(niceOf(reply.tid), Math.min(19, before + 7));
    assert.equal(niceOf(String(process.pid)), before, 'the main thread keeps its priority');
  } finally {
    worker.postMessage('done');
    await new Promise((resolve) => worker.once('exit', resolve));
  }
});
