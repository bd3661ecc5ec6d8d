import type { Placement } from '../placements.js';
import { defineRule } from '../rule.js';

/**
 * A multi-Region key is planned only where the environment has a region for a replica. A key's
 * multi-Region property is fixed at creation: a single-Region key cannot be converted later, so the
 * plan says what asking for it without a second region means.
 */
export const multiRegionRule = defineRule(
  {
    id: 'multi-region',
    principle: 'AWS',
    title: 'Multi-Region keys need a replica region',
    rationale:
      'A multi-Region primary without replicas only adds the multi-Region trade-offs; KMS cannot convert a single-Region key to multi-Region later, so the choice is made with the regions in view.',
  },
  (context, placement: Placement, requested: boolean, environmentRegions: readonly string[]): void => {
    if (!requested || environmentRegions.length > 1) return;
    context.find({
      severity: 'warning',
      code: 'multi-region-without-replica-region',
      message: `${placement.subject} asks for a multi-Region key, but its environment has one region (${environmentRegions.join(', ')}), so a single-Region key is planned. A single-Region key cannot be converted to multi-Region later: if the data will need another region, list it under the environment's regions now.`,
      subject: placement.subject,
    });
    context.because(
      multiRegionRule,
      placement.subject,
      'single-Region: multi-Region asked for, but no second region to hold a replica',
    );
  },
);
