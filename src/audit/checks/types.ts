import type { Severity } from '../../core/plan/schema.js';
import type { KeyRecord } from '../model/inventory.js';

/**
 * How to fix a finding, in both forms a team uses: a one-off AWS CLI command for the live key and a
 * Terraform snippet for the code that should own it. The JSON report carries this object as is.
 */
export interface Remediation {
  cli: string;
  terraform: string;
}

export interface CheckContext {
  now: Date;
  region: string;
  /** False when ListAliases failed: a key then only looks alias-less. */
  aliasesReadable: boolean;
}

/** One failure of a check on a key. `severity` overrides the check's default where the rule grades it. */
export interface CheckHit {
  message: string;
  severity?: Severity;
}

/**
 * A check is data plus a pure function over one inventoried key (one module per check, like prowler):
 * an empty list means the key passes or the check does not apply to it.
 */
export interface KeyCheck {
  id: string;
  title: string;
  severity: Severity;
  rationale: string;
  evaluate(key: KeyRecord, context: CheckContext): CheckHit[];
  remediation(key: KeyRecord, context: CheckContext): Remediation;
}

export interface AuditFinding {
  checkId: string;
  severity: Severity;
  /** Null for drift findings about a planned key that does not exist. */
  keyId: string | null;
  alias: string | null;
  message: string;
  remediation: Remediation;
}
