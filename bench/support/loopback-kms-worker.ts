import { parentPort, workerData } from 'node:worker_threads';
import { type LoopbackOptions, startLoopbackKms } from './loopback-kms.js';

/**
 * Runs the loopback KMS double on its own thread, so the benchmark measures the client's work rather
 * than the client and the server taking turns on one event loop. Messages: the parent receives
 * `{ url }` once listening; it sends `'stats'` (answered with served/throttled counts) and `'close'`.
 */
const options = workerData as Omit<LoopbackOptions, 'inject'>;
const server = await startLoopbackKms(options);
parentPort?.postMessage({ url: server.url });
parentPort?.on('message', async (message: unknown) => {
  if (message === 'stats') parentPort?.postMessage({ served: server.served, throttled: server.throttled });
  if (message === 'close') {
    await server.close();
    parentPort?.close();
  }
});
