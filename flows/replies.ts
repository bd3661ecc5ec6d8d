import type { FieldIssue, Plan, Profile } from '../src/core/index.js';
import type { FieldKind } from './forms/coerce.js';

/**
 * The platform-neutral vocabulary every flow speaks and every adapter renders (Block Kit, Adaptive
 * Cards, terminal). Nothing here knows a platform. A reply that asks something carries its actions as
 * data; an adapter shows each action as a button (or a typed command) holding the action's id, and
 * sends that id back: it never makes up an event of its own.
 */

/** An event a flow's machine takes. Each flow narrows it to its own union. */
export type FlowEvent = { readonly type: string } & Readonly<Record<string, unknown>>;

export interface ReplyAction {
  /** Unique within one view; what a button carries and what comes back when it is pressed. */
  id: string;
  label: string;
  style?: 'primary' | 'danger';
  /** The exact event the action sends. For a form's submitting actions, `values` come from the form. */
  event: FlowEvent;
  /** Sends the form's answers along (Next, Save, Add another). */
  submitsForm?: boolean;
  /** Asks the user to confirm first, with this question (e.g. cancelling throws answers away). */
  confirm?: string;
  /**
   * Ids of the reply's fields this action needs filled (a rejection's reason): a platform asks them
   * when the button is pressed (a Slack modal) or shows them beside it (a card input).
   */
  asks?: string[];
}

export interface FieldOption {
  value: string;
  label: string;
}

/** When a question matters: any of these holds for the other answers of the same form. */
export interface FieldCondition {
  field: string;
  oneOf?: string[];
  includesAny?: string[];
  answered?: true;
}

export interface FormField {
  id: string;
  label: string;
  kind: FieldKind;
  required: boolean;
  help?: string;
  options?: FieldOption[];
  /** The answer as it stands: given in this form, or stored before. Never a refused value. */
  value?: unknown;
  /** Offered when there is no answer yet. */
  suggested?: unknown;
  /** Why the last answer was refused; `rejected` holds what was typed, to show it back for correcting. */
  error?: string;
  rejected?: unknown;
  /** What the question means for the keys, in two or three sentences. */
  explain: string;
  /** Answered already in this form (typed before an interruption, or carried from the step before). */
  answered?: boolean;
  /** Has a sensible default: a terminal takes it on the first pass and asks it on an edit. */
  advanced?: boolean;
  /** Asked only when one of these holds for the other answers. */
  askIf?: FieldCondition[];
}

export interface FormReply {
  type: 'form';
  stepId: string;
  title: string;
  help: string;
  fields: FormField[];
  actions: ReplyAction[];
  /** A message for the whole form (e.g. why a pasted profile was not loaded). */
  notice?: string;
  /** Reopened from the review to change an answer: every question is asked, advanced ones too. */
  editing?: boolean;
}

export interface MessageReply {
  type: 'message';
  text: string;
  tone: 'info' | 'success' | 'warning' | 'error';
}

export interface ReviewSection {
  /** Stable within the review, e.g. `application-1`. */
  id: string;
  title: string;
  lines: string[];
  /** What can be done to this part: edit, remove, add an environment or a data set. */
  actions: ReplyAction[];
}

export interface ReviewReply {
  type: 'review';
  title: string;
  sections: ReviewSection[];
  /** Whole-profile problems with their paths; the confirm action is offered only once they are fixed. */
  issues: FieldIssue[];
  /** Confirm, add an application, back, cancel. */
  actions: ReplyAction[];
  notice?: string;
}

/** A file that goes with a reply: adapters upload or attach it as it is. */
export interface Attachment {
  filename: string;
  /** e.g. text/markdown, application/json. */
  mediaType: string;
  /** What the file is, in a few words (for a button or a caption). */
  title: string;
  content: string;
}

export interface PlanSummaryReply {
  type: 'plan-summary';
  plan: Plan;
  headline: string;
  lines: string[];
  /** The stored plan, in words the user can quote (e.g. `acme-retail v3`). */
  planId?: string;
  /** The plan's exports (report, JSON, Terraform, CloudFormation), filled in by the conversation layer. */
  attachments: Attachment[];
  /** The profile the plan was made from, when the reply knows it: written as profile.yaml beside the exports. */
  profile?: Profile;
}

/** A plan waiting for the security team's sign-off, in their channel; after a decision, the decision. */
export interface ApprovalRequestReply {
  type: 'approval-request';
  planId: string;
  organization: string;
  /** The plan's content hash: the decision binds to it. */
  planHash: string;
  /** The user id of who asked (adapters mention them). */
  requester: string;
  headline: string;
  lines: string[];
  /** What changed since the team's last approved plan. */
  changes: string[];
  approvals: { by: string; at: string }[];
  decision: { outcome: string; by: string[]; at: string; reason?: string } | null;
  /** The reason asked of "Request changes" and "Reject" (see ReplyAction.asks). */
  fields: FormField[];
  actions: ReplyAction[];
  notice?: string;
  /** The plan itself: the conversation layer attaches the approval document made from it. */
  plan: Plan;
  attachments: Attachment[];
}

/** `/keyplan audit`: a digest for the channel and the full report as a file to attach. */
export interface AuditReportReply {
  type: 'audit-report';
  headline: string;
  lines: string[];
  counts: { error: number; warning: number; info: number };
  attachments: Attachment[];
}

export type Reply = FormReply | MessageReply | ReviewReply | PlanSummaryReply | ApprovalRequestReply | AuditReportReply;

/** Every action a set of replies offers, in the order shown. */
export function actionsOf(replies: readonly Reply[]): ReplyAction[] {
  return replies.flatMap((reply) => {
    switch (reply.type) {
      case 'form':
      case 'approval-request':
        return reply.actions;
      case 'review':
        return [...reply.sections.flatMap((section) => section.actions), ...reply.actions];
      default:
        return [];
    }
  });
}
