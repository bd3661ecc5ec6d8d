import type { PlannedKey, Severity } from '../../core/plan/schema.js';
import type { Remediation } from '../checks/types.js';
import type { KeyRecord } from '../model/inventory.js';

export interface DriftContext {
  region: string;
  /** Null when neither STS nor any key ARN told us the account. */
  account: string | null;
}

export interface DriftHit {
  severity: Severity;
  message: string;
}

/**
 * One comparison between a live key and the planned key it was matched to (by alias). Like the live
 * checks: data (id, rationale) plus a pure function; severity is per hit because widening access beyond
 * the approved plan is worse than narrowing it.
 */
export interface DriftRule {
  id: string;
  title: string;
  rationale: string;
  compare(live: KeyRecord, planned: PlannedKey, context: DriftContext): DriftHit[];
  remediation(live: KeyRecord, planned: PlannedKey, context: DriftContext): Remediation;
}
