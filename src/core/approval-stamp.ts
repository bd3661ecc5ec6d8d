import { isKmsKeyTeamCreates, type Plan, type PlanApproval } from './plan/schema.js';
import { tagValue } from './rules/tags.js';

/** The tag an approved plan's keys carry: which plan content was approved, so a key can be traced to it. */
export const APPROVAL_TAG = 'KeyplanApproval';

/**
 * The plan as its approval leaves it for the exports: the approval on the plan (header comments) and a
 * tag on every key the team creates. The hash is of the plan before stamping: the one approvers saw.
 */
export function stampApproval(plan: Plan, approval: PlanApproval): Plan {
  const stamp = tagValue(`${approval.planHash.slice(0, 12)} ${approval.approvedAt.slice(0, 10)}`);
  return {
    ...plan,
    approval,
    keys: plan.keys.map((key) =>
      isKmsKeyTeamCreates(key) ? { ...key, tags: { ...key.tags, [APPROVAL_TAG]: stamp } } : key,
    ),
  };
}

/** One line for a report or a file header. */
export function describeApproval(approval: PlanApproval): string {
  return `Approved by ${approval.approvedBy.join(' and ')} on ${approval.approvedAt} (plan hash ${approval.planHash})`;
}
