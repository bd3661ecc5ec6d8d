import type { Severity } from '../../core/plan/schema.js';
import type { AuditFinding } from '../checks/types.js';
import type { KmsReadApi } from '../model/inventory.js';

/** One key as the report lists it: the facts a reader needs, not the raw policy text. */
export interface KeySummary {
  keyId: string;
  arn: string | null;
  alias: string | null;
  aliases: string[];
  /** CUSTOMER or AWS; null when DescribeKey failed. */
  manager: string | null;
  state: string | null;
  spec: string | null;
  origin: string | null;
  multiRegion: boolean | null;
  /** Null when rotation does not apply or could not be read. */
  rotation: { enabled: boolean; periodDays: number | null } | null;
  tags: Record<string, string> | null;
  readable: boolean;
  unreadable: Array<{ operation: KmsReadApi; code: string }>;
  /** Id of the planned key it was matched to, when audited against a plan. */
  plannedKeyId: string | null;
}

/**
 * The audit result, as `--format json` prints it. `remediation` in each finding is always an object
 * `{ cli, terraform }` (an AWS CLI command and a Terraform snippet), never a bare string.
 */
export interface AuditReport {
  region: string;
  account: string | null;
  /** Keys listed by ListKeys, readable or not. */
  scanned: number;
  generatedAt: string;
  /** The plan audited against: its organization and how many of its keys were in scope. */
  plan: { organization: string; keysInScope: number } | null;
  keys: KeySummary[];
  findings: AuditFinding[];
  /** Account-level remarks: skipped checks, unknown account, retries. */
  notes: string[];
}

export type SeverityCounts = Record<Severity, number>;

export function countBySeverity(findings: readonly AuditFinding[]): SeverityCounts {
  const counts: SeverityCounts = { error: 0, warning: 0, info: 0 };
  for (const finding of findings) counts[finding.severity] += 1;
  return counts;
}
