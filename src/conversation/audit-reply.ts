import { type AuditAccountInput, auditAccount } from '../audit/audit-account.js';
import type { AuditReport } from '../audit/report/types.js';
import { summarizeAudit } from '../audit/summary.js';
import type { AuditReportReply, MessageReply } from './replies.js';

/** The platform-neutral reply of `/keyplan audit`: Slack and Teams render it, with the report attached. */
export function auditReply(report: AuditReport): AuditReportReply {
  const summary = summarizeAudit(report);
  return { type: 'audit-report', ...summary };
}

/**
 * Runs `/keyplan audit` for a workspace that configured AWS access (its KMS client and, when one is
 * approved, its plan). A failure AWS reports (no access, no credentials) becomes a message saying so,
 * never a crash of the chat turn.
 */
export async function auditTurn(input: AuditAccountInput): Promise<AuditReportReply | MessageReply> {
  try {
    return auditReply(await auditAccount(input));
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    const message = error instanceof Error ? error.message : String(error);
    return {
      type: 'message',
      tone: 'error',
      text: `The KMS audit could not run (${name}: ${message}). Check the AWS access configured for this workspace: it needs kms:ListKeys, kms:DescribeKey, kms:GetKeyPolicy, kms:GetKeyRotationStatus, kms:ListAliases and kms:ListResourceTags.`,
    };
  }
}
