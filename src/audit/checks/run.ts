import type { Severity } from '../../core/plan/schema.js';
import type { Inventory } from '../model/inventory.js';
import { ALL_CHECKS } from './index.js';
import type { AuditFinding, CheckContext, KeyCheck } from './types.js';

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

/** Runs the checks over every key; pure, so the same inventory always yields the same findings. */
export function runChecks(
  inventory: Inventory,
  context: Omit<CheckContext, 'aliasesReadable'>,
  checks: readonly KeyCheck[] = ALL_CHECKS,
): AuditFinding[] {
  const full: CheckContext = { ...context, aliasesReadable: inventory.aliasesReadable };
  const findings: AuditFinding[] = [];
  for (const key of inventory.keys) {
    for (const check of checks) {
      const hits = check.evaluate(key, full);
      if (hits.length === 0) continue;
      const remediation = check.remediation(key, full);
      for (const hit of hits) {
        findings.push({
          checkId: check.id,
          severity: hit.severity ?? check.severity,
          keyId: key.keyId,
          alias: key.aliases[0] ?? null,
          message: hit.message,
          remediation,
        });
      }
    }
  }
  return findings;
}

/** Errors first, then by check and key, so reports and chat summaries read the same way every run. */
export function sortFindings(findings: readonly AuditFinding[]): AuditFinding[] {
  return [...findings].sort(
    (a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      a.checkId.localeCompare(b.checkId) ||
      (a.alias ?? a.keyId ?? '').localeCompare(b.alias ?? b.keyId ?? '') ||
      a.message.localeCompare(b.message),
  );
}
