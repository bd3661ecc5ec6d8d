import type { FieldKind } from '../../flows/interview/coerce.js';
import type { FieldIssue, Plan } from '../core/index.js';

/**
 * Platform-neutral replies. Adapters render them (Block Kit, Adaptive Cards, terminal) and turn
 * what the user does back into flow events; nothing here knows a platform.
 */
export interface FormField {
  id: string;
  label: string;
  kind: FieldKind;
  required: boolean;
  help?: string;
  options?: { value: string; label: string }[];
  /** The current answer (or what the user typed last time, if it was rejected). */
  value?: unknown;
  /** Offered when there is no answer yet. */
  suggested?: unknown;
  error?: string;
}

export interface FormAction {
  /** The event the action sends: SUBMIT carries the field values. */
  event: 'SUBMIT' | 'BACK' | 'SKIP' | 'CANCEL';
  label: string;
  style?: 'primary' | 'danger';
}

export interface FormReply {
  type: 'form';
  stepId: string;
  title: string;
  help: string;
  fields: FormField[];
  actions: FormAction[];
  /** A message for the whole form (e.g. why SKIP was refused). */
  notice?: string;
}

export interface MessageReply {
  type: 'message';
  text: string;
  tone: 'info' | 'success' | 'warning' | 'error';
}

export interface ReviewSection {
  /** The EDIT event that reopens this part of the interview. */
  edit: { section: string; application?: number; index?: number };
  /** The REMOVE event for repeatable items. */
  remove?: { section: 'application' | 'environment' | 'data-set'; application: number; index?: number };
  title: string;
  lines: string[];
}

export interface ReviewReply {
  type: 'review';
  title: string;
  sections: ReviewSection[];
  /** Whole-profile problems with their paths; CONFIRM is refused until they are fixed. */
  issues: FieldIssue[];
  canConfirm: boolean;
}

export interface PlanSummaryReply {
  type: 'plan-summary';
  plan: Plan;
  headline: string;
  lines: string[];
  /** Where the stored plan can be fetched from, by the engine's ids. */
  planId?: string;
}

/** Sent to the security channel under hybrid governance (the approval issue builds on it). */
export interface ApprovalRequestReply {
  type: 'approval-request';
  planId: string;
  organization: string;
  headline: string;
  lines: string[];
}

/** `/keyplan audit`: a digest for the channel and the full report as a file to attach. */
export interface AuditReportReply {
  type: 'audit-report';
  headline: string;
  lines: string[];
  counts: { error: number; warning: number; info: number };
  attachment: { filename: string; markdown: string };
}

export type Reply = FormReply | MessageReply | ReviewReply | PlanSummaryReply | ApprovalRequestReply | AuditReportReply;
