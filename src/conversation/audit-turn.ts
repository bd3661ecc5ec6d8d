import type { AuditReportReply, MessageReply } from '../../flows/replies.js';
import type { AuditReport } from '../audit/report/types.js';
import { summarizeAudit } from '../audit/summary.js';

/**
 * Runs the live audit for a workspace; the composition root builds it with the AWS SDK. `roleArn` is
 * the role the workspace configured (`config aws-role`); without it, keyplan's own credentials.
 */
export type AuditRunner = (request: { region?: string; roleArn?: string }) => Promise<AuditReport>;

/** The platform-neutral reply of `/keyplan audit`: Slack and Teams render it, with the report attached. */
export function auditReply(report: AuditReport): AuditReportReply {
  const summary = summarizeAudit(report);
  return {
    type: 'audit-report',
    headline: summary.headline,
    lines: summary.lines,
    counts: summary.counts,
    attachments: [
      {
        filename: summary.attachment.filename,
        mediaType: 'text/markdown',
        title: 'KMS audit report',
        content: summary.attachment.markdown,
      },
    ],
  };
}

/**
 * `/keyplan audit` in chat. The runner is given, so the conversation layer never loads the AWS SDK
 * itself. A failure AWS reports (no access, no credentials) becomes a message saying what is needed,
 * never a crash of the chat turn.
 */
export async function auditTurn(
  run: AuditRunner,
  request: { region?: string; roleArn?: string } = {},
): Promise<AuditReportReply | MessageReply> {
  try {
    return auditReply(await run(request));
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
