import { performance } from 'node:perf_hooks';
import { parseProfile, recommend } from '../../src/core/index.js';
import { fmt, line, medianOf } from '../support/measure.js';
import { syntheticProfile } from '../support/synthetic-profile.js';

const collect = (globalThis as { gc?: () => void }).gc;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function timed(fn: () => unknown): number {
  collect?.();
  const start = performance.now();
  fn();
  return performance.now() - start;
}

/**
 * Plan generation for 100 and 1,000 applications × 3 stages × 4 data sets (issue 2's targets). The two
 * sizes run interleaved, so a slow patch of a shared machine lands on both and the growth stays honest.
 */
export default async function recommendBench(): Promise<void> {
  const small = parseProfile(syntheticProfile(100));
  const large = parseProfile(syntheticProfile(1000));
  const keys = recommend(large).keys.length;
  recommend(small);
  const smallTimes: number[] = [];
  const largeTimes: number[] = [];
  for (let round = 0; round < 7; round++) {
    smallTimes.push(timed(() => recommend(small)));
    largeTimes.push(timed(() => recommend(large)));
  }
  const smallMs = median(smallTimes);
  const largeMs = median(largeTimes);
  const validateMs = await medianOf(3, () => parseProfile(syntheticProfile(1000)));
  line(`recommend 100 apps: ${fmt(smallMs, 1)} ms (baseline; median of 7)`);
  line(
    `recommend 1000 apps (${keys} keys): ${fmt(largeMs, 1)} ms — ${fmt(largeMs / 1000, 3)} of the 1 s target; growth ×${fmt(largeMs / smallMs)} for ×10 input (target ≤ 12)`,
  );
  line(`validate 1000-app profile: ${fmt(validateMs, 1)} ms (${fmt(validateMs / largeMs)} × the plan time)`);
}
