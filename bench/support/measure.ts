import { performance } from 'node:perf_hooks';

/** Best of `runs` wall times in milliseconds (after one warm-up), to keep GC noise out. */
export async function bestOf(runs: number, fn: () => unknown | Promise<unknown>): Promise<number> {
  await fn();
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

export function line(text: string): void {
  process.stdout.write(`${text}\n`);
}

export const fmt = (value: number, digits = 2) => value.toFixed(digits);
