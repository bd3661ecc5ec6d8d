import { isKmsKeyTeamCreates, type Plan, type PlannedKey } from '../../core/plan/schema.js';
import type { DriftContext } from './types.js';

/**
 * The planned keys an audit of one account and region can find: customer managed ones (KMS-generated
 * or imported material) in that account and region. AWS managed and AWS owned entries are not keys the
 * team creates, so their absence is no drift.
 */
export function plannedKeysInScope(plan: Plan, context: DriftContext): PlannedKey[] {
  return plan.keys.filter(
    (key) =>
      isKmsKeyTeamCreates(key) &&
      key.region === context.region &&
      (context.account === null || key.account === context.account),
  );
}

/** Plans write aliases with the `alias/` prefix; accept one without it rather than report false drift. */
export function normalizeAlias(alias: string): string {
  return alias.startsWith('alias/') ? alias : `alias/${alias}`;
}
