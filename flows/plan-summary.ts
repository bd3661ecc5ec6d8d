import { isKmsKeyTeamCreates, type Plan } from '../src/core/index.js';
import type { PlanSummaryReply } from './replies.js';

const usd = (value: number) => `$${value.toFixed(2)}`;

/** A chat message names this many errors and warnings; the attached report has them all. */
export const MAX_FINDINGS_SHOWN = 8;

/** The short answer chat shows first; the full report goes with it as an attachment. */
export function planSummary(plan: Plan, planId?: string): PlanSummaryReply {
  const kms = plan.keys.filter(isKmsKeyTeamCreates);
  const range = plan.counts.fewest === plan.counts.finest ? '' : ` (range ${plan.counts.fewest}–${plan.counts.finest})`;
  const headline = `You need ${plan.counts.recommended} KMS key${plan.counts.recommended === 1 ? '' : 's'}${range} under ${plan.governance.model} governance, about ${usd(plan.cost.monthlyUsd)}/month.`;
  const lines = kms.map(
    (key) =>
      `${key.alias ?? key.id} — ${key.dataSets.join(', ')} (${key.services.join(', ')}; ${key.account} ${key.region}${key.replicaOf ? ', replica' : ''})`,
  );
  const other = plan.keys.length - kms.length;
  if (other > 0) lines.push(`${other} data set group(s) need no key of their own (AWS managed or AWS owned keys).`);
  const bySeverity = (severity: string) => plan.findings.filter((f) => f.severity === severity).length;
  lines.push(`Findings: ${bySeverity('error')} error, ${bySeverity('warning')} warning, ${bySeverity('info')} info.`);
  // Errors and warnings are what a team must act on before creating keys: each is named here.
  const serious = plan.findings.filter((f) => f.severity !== 'info');
  for (const finding of serious.slice(0, MAX_FINDINGS_SHOWN)) {
    lines.push(`${finding.severity === 'error' ? 'Error' : 'Warning'} (${finding.subject}): ${finding.message}`);
  }
  if (serious.length > MAX_FINDINGS_SHOWN) {
    lines.push(`…and ${serious.length - MAX_FINDINGS_SHOWN} more errors and warnings in the report.`);
  }
  lines.push(
    plan.governance.approvalRequired
      ? 'Under hybrid governance the central security team must approve this plan.'
      : 'Approval by a central team is optional under this model.',
  );
  return { type: 'plan-summary', plan, headline, lines, attachments: [], ...(planId ? { planId } : {}) };
}
