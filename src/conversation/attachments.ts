import type { ApprovalRequestReply, Attachment, Reply } from '../../flows/replies.js';
import { type Plan, stampApproval } from '../core/index.js';
import { type ExportFormat, exportPlan } from '../export/index.js';
import { profileToYaml } from '../export/profile-yaml.js';

const FORMATS: { format: ExportFormat; mediaType: string; title: string }[] = [
  { format: 'markdown', mediaType: 'text/markdown', title: 'Key plan report' },
  { format: 'json', mediaType: 'application/json', title: 'Plan (JSON)' },
  { format: 'terraform', mediaType: 'text/plain', title: 'Terraform' },
  { format: 'cloudformation', mediaType: 'application/yaml', title: 'CloudFormation' },
];

/** A plan's exports as attachments, so adapters can upload them without knowing the exporters. */
export function planAttachments(plan: Plan): Attachment[] {
  return FORMATS.flatMap(({ format, mediaType, title }) =>
    exportPlan(plan, format).map((file) => ({ filename: file.name, mediaType, title, content: file.content })),
  );
}

/** The approval document and the plan as data, stamped with the approval once there is one. */
function approvalAttachments(reply: ApprovalRequestReply): Attachment[] {
  const { decision, plan, planHash } = reply;
  const stamped =
    decision?.outcome === 'approved'
      ? stampApproval(plan, { approvedBy: decision.by, approvedAt: decision.at, planHash })
      : plan;
  return planAttachments(stamped).filter((a) => a.filename === 'keyplan.md' || a.filename === 'keyplan.json');
}

/** Fills in the attachments of plan summaries: views stay pure, and no adapter imports src/export. */
export function withAttachments(replies: readonly Reply[]): Reply[] {
  return replies.map((reply) => {
    if (reply.type === 'approval-request' && reply.attachments.length === 0) {
      return { ...reply, attachments: approvalAttachments(reply) };
    }
    if (reply.type !== 'plan-summary' || reply.attachments.length > 0) return reply;
    const profile: Attachment[] = reply.profile
      ? [
          {
            filename: 'profile.yaml',
            mediaType: 'application/yaml',
            title: 'Profile (your answers)',
            content: profileToYaml(reply.profile),
          },
        ]
      : [];
    return { ...reply, attachments: [...profile, ...planAttachments(reply.plan)] };
  });
}
