import type { Plan, PlannedKey } from '../../core/plan/schema.js';
import type { AuditFinding } from '../checks/types.js';
import type { Inventory, KeyRecord } from '../model/inventory.js';
import { isGovernedKey } from '../model/key-scope.js';
import {
  MISSING_KEY,
  missingKeyMessage,
  missingKeyRemediation,
  UNEXPLAINED_KEY,
  unexplainedKeyMessage,
  unexplainedKeyRemediation,
} from './presence.js';
import { principalDrift } from './principals.js';
import { rotationDrift } from './rotation.js';
import { normalizeAlias, plannedKeysInScope } from './scope.js';
import type { DriftContext, DriftRule } from './types.js';
import { viaServiceDrift } from './via-service.js';

export const DRIFT_RULES: readonly DriftRule[] = [rotationDrift, viaServiceDrift, principalDrift];

export interface DriftResult {
  findings: AuditFinding[];
  /** Live key id → id of the planned key it was matched to. */
  matches: Map<string, string>;
  notes: string[];
}

/**
 * Compares the live inventory with a plan: planned keys missing, customer managed keys no plan
 * explains, and for every matched pair the rotation, ViaService and principal rules. Pure.
 */
export function compareWithPlan(inventory: Inventory, plan: Plan, context: DriftContext): DriftResult {
  const notes: string[] = [];
  if (!inventory.aliasesReadable) {
    notes.push(
      'drift against the plan was skipped: aliases could not be listed, and planned keys are matched by alias',
    );
    return { findings: [], matches: new Map(), notes };
  }
  if (context.account === null) notes.push('the account id is unknown: planned keys were matched on region only');
  const inScope = plannedKeysInScope(plan, context);
  if (inScope.length === 0) {
    notes.push(`the plan has no customer managed keys for ${context.account ?? 'this account'} in ${context.region}`);
  }

  const liveByAlias = new Map<string, KeyRecord>();
  for (const key of inventory.keys) for (const alias of key.aliases) liveByAlias.set(alias, key);

  const findings: AuditFinding[] = [];
  const matches = new Map<string, string>();
  const pairs: Array<[KeyRecord, PlannedKey]> = [];
  for (const planned of inScope) {
    const alias = planned.alias === null ? null : normalizeAlias(planned.alias);
    const live = alias === null ? undefined : liveByAlias.get(alias);
    if (live) {
      matches.set(live.keyId, planned.id);
      pairs.push([live, planned]);
      continue;
    }
    findings.push({
      checkId: MISSING_KEY.id,
      severity: 'error',
      keyId: null,
      alias,
      message: missingKeyMessage(planned, context),
      remediation: missingKeyRemediation(planned, context),
    });
  }

  for (const key of inventory.keys) {
    if (!isGovernedKey(key) || matches.has(key.keyId)) continue;
    findings.push({
      checkId: UNEXPLAINED_KEY.id,
      severity: 'warning',
      keyId: key.keyId,
      alias: key.aliases[0] ?? null,
      message: unexplainedKeyMessage(key),
      remediation: unexplainedKeyRemediation(key, context),
    });
  }

  for (const [live, planned] of pairs) {
    for (const rule of DRIFT_RULES) {
      const hits = rule.compare(live, planned, context);
      if (hits.length === 0) continue;
      const remediation = rule.remediation(live, planned, context);
      const alias = planned.alias === null ? (live.aliases[0] ?? null) : normalizeAlias(planned.alias);
      for (const hit of hits) {
        findings.push({
          checkId: rule.id,
          severity: hit.severity,
          keyId: live.keyId,
          alias,
          message: `${alias ?? live.keyId}: ${hit.message}`,
          remediation,
        });
      }
    }
  }
  return { findings, matches, notes };
}
