import { performance } from 'node:perf_hooks';

/** `npm run bench` runs node with --expose-gc: collecting before each run keeps earlier garbage out of it. */
const collect = (globalThis as { gc?: () => void }).gc;

/**
 * Median of `runs` wall times in milliseconds, after one warm-up, each run starting from a collected
 * heap: steadier than the best or the mean when garbage collection lands in some runs and not others.
 */
export async function medianOf(runs: number, fn: () => unknown | Promise<unknown>): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    collect?.();
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

export function line(text: string): void {
  process.stdout.write(`${text}\n`);
}

export const fmt = (value: number, digits = 2) => value.toFixed(digits);
