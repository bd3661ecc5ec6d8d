import type { Repositories, Tenant } from '../store/index.js';

/** What the audit trail records; one word each, so an export can be filtered by kind. */
export const AUDIT_KINDS = [
  'interview.completed',
  'plan.generated',
  'plan.submitted',
  'approval.approved',
  'approval.changes-requested',
  'approval.rejected',
  'approval.superseded',
  'approval.expired',
  'approval.refused-click',
  'config.changed',
  'config.refused',
  'reminder.sent',
  'review.started',
  'review.snoozed',
  'review.done',
] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

/** Records one event in the tenant's chain, inside the caller's transaction: it commits or rolls back with it. */
export function record(
  tx: Pick<Repositories, 'auditTrail'>,
  tenant: Tenant,
  event: { actor: string; kind: AuditKind; subject: string; data?: Record<string, unknown> },
): Promise<unknown> {
  return tx.auditTrail.append({
    tenant,
    actor: event.actor,
    kind: event.kind,
    subject: event.subject,
    data: event.data ?? {},
  });
}
