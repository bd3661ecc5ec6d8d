import { viaServiceValues } from '../policy/conditions.js';
import { policyPair, restorePlannedPolicy, setDifference } from './policies.js';
import type { DriftHit, DriftRule } from './types.js';

/**
 * The set of kms:ViaService values in the live policy versus the planned one. Values only live widen the
 * services users may go through (error); values only planned narrow it (warning: an application may
 * break); no ViaService at all where the plan has some lets users call KMS directly (error).
 */
export const viaServiceDrift: DriftRule = {
  id: 'drift-via-service',
  title: 'kms:ViaService differs from the plan',
  rationale:
    'kms:ViaService keeps key users from calling KMS except through the AWS services the data lives in ' +
    '(DESIGN.md §4.5 c). A different set means the key can be used through services nobody approved, or ' +
    'no longer through the ones the application needs.',
  compare(live, planned) {
    const pair = policyPair(live, planned);
    if (pair === null) return [];
    const want = viaServiceValues(pair.planned.statements);
    const have = viaServiceValues(pair.live.statements);
    const hits: DriftHit[] = [];
    if (want.size > 0 && have.size === 0) {
      return [
        {
          severity: 'error',
          message: `the live policy has no kms:ViaService condition (users can call KMS directly); the plan allows ${[...want].sort().join(', ')}`,
        },
      ];
    }
    const extra = setDifference(have, want);
    const missing = setDifference(want, have);
    if (extra.length > 0)
      hits.push({ severity: 'error', message: `kms:ViaService allows ${extra.join(', ')}, not in the plan` });
    if (missing.length > 0)
      hits.push({ severity: 'warning', message: `kms:ViaService lacks ${missing.join(', ')}, which the plan allows` });
    return hits;
  },
  remediation(live, planned, { region }) {
    return restorePlannedPolicy(live, planned, region);
  },
};
