/**
 * Runs bench:ingest's sender (ingest-sender.ts) in its worker thread to fill a backend with its
 * generated traces, for a benchmark that measures something once the spans are stored: encodes,
 * sends with a few requests in flight, reports progress, and settles when the last batch is
 * acknowledged.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { SenderConfig, SenderMessage } from './ingest-sender.js';

export type SendResult = Extract<SenderMessage, { type: 'done' }>;
export type SendProgress = Extract<SenderMessage, { type: 'encoded' | 'progress' }>;

export async function sendGeneratedSpans(
  config: Omit<SenderConfig, 'sampleEvery'>,
  onProgress: (message: SendProgress) => void,
): Promise<SendResult> {
  // sampleEvery past the last batch: no 'ack' messages, nobody probes them here.
  const workerData: SenderConfig = { ...config, sampleEvery: config.batches + 1 };
  const worker = new Worker(join(__dirname, 'ingest-sender.js'), { workerData });
  try {
    return await new Promise<SendResult>((resolve, reject) => {
      worker.on('error', reject);
      worker.on('exit', (code) => reject(new Error(`the sender worker exited with ${code}`)));
      worker.on('message', (message: SenderMessage) => {
        if (message.type === 'encoded') {
          onProgress(message);
          worker.postMessage('go');
        } else if (message.type === 'progress') onProgress(message);
        else if (message.type === 'done') resolve(message);
        else if (message.type === 'error') reject(new Error(`sender: ${message.message}`));
      });
    });
  } finally {
    await worker.terminate();
  }
}
