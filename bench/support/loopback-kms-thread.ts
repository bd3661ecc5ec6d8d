import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { LoopbackOptions } from './loopback-kms.js';

export interface LoopbackThread {
  url: string;
  stats(): Promise<{ served: Record<string, number>; throttled: Record<string, number> }>;
  close(): Promise<void>;
}

/** Starts the loopback KMS double in a worker thread (compiled code only: the worker file is .js). */
export async function startLoopbackKmsThread(options: Omit<LoopbackOptions, 'inject'>): Promise<LoopbackThread> {
  const worker = new Worker(new URL('./loopback-kms-worker.js', import.meta.url), { workerData: options });
  const [ready] = (await once(worker, 'message')) as [{ url: string }];
  return {
    url: ready.url,
    async stats() {
      worker.postMessage('stats');
      const [stats] = (await once(worker, 'message')) as [
        { served: Record<string, number>; throttled: Record<string, number> },
      ];
      return stats;
    },
    async close() {
      worker.postMessage('close');
      await once(worker, 'exit');
    },
  };
}
