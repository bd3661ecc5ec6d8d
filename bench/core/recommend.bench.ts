import { parseProfile, recommend } from '../../src/core/index.js';
import { bestOf, fmt, line } from '../support/measure.js';
import { syntheticProfile } from '../support/synthetic-profile.js';

/** Plan generation for 100 and 1,000 applications × 3 stages × 4 data sets (issue 2's targets). */
export default async function recommendBench(): Promise<void> {
  const small = parseProfile(syntheticProfile(100));
  const large = parseProfile(syntheticProfile(1000));
  const keys = recommend(large).keys.length;
  const smallMs = await bestOf(5, () => recommend(small));
  const largeMs = await bestOf(3, () => recommend(large));
  const validateMs = await bestOf(3, () => parseProfile(syntheticProfile(1000)));
  const growth = largeMs / smallMs;
  line(`recommend 100 apps: ${fmt(smallMs, 1)} ms (baseline)`);
  line(
    `recommend 1000 apps (${keys} keys): ${fmt(largeMs, 1)} ms — ${fmt(largeMs / 1000, 3)} of the 1 s target; growth ×${fmt(growth)} for ×10 input (target ≤ 12)`,
  );
  line(`validate 1000-app profile: ${fmt(validateMs, 1)} ms (${fmt(validateMs / largeMs)} × the plan time)`);
}
