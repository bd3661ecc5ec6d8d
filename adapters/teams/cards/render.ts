import type {
  ApprovalRequestReply,
  AuditReportReply,
  FormReply,
  MessageReply,
  PlanSummaryReply,
  Reply,
  ReplyAction,
  ReviewReply,
  ViewStamp,
} from '../../../src/conversation/index.js';
import { PICK_INPUT, PICKED_ACTION } from './action-data.js';
import { type ActionTarget, cardAction } from './actions.js';
import {
  type AdaptiveCard,
  CARD_BYTE_BUDGET,
  type CardElement,
  card,
  cardBytes,
  container,
  type TextColor,
  text,
} from './adaptive.js';
import { approvalCard } from './approval-card.js';
import { fieldElements } from './fields.js';
import { auditCard, type FileLink, planSummaryCard } from './plan-card.js';

/** Replies that carry files. */
export type WithFiles = PlanSummaryReply | AuditReportReply | ApprovalRequestReply;

export interface RenderInput {
  replies: readonly Reply[];
  conversationId: string | null;
  stamp: ViewStamp | null;
  /** Download links for a reply's files; none where keyplan cannot serve them. */
  files?: (reply: WithFiles) => FileLink[];
  /** How long the links work, in words. */
  filesNote?: string;
  /** A person's display name where Teams has told keyplan (approvals name who asked and who decided). */
  nameOf?: (userId: string) => string | undefined;
}

const TONES: Record<MessageReply['tone'], TextColor> = {
  info: 'default',
  success: 'good',
  warning: 'warning',
  error: 'attention',
};

function messageElement(reply: MessageReply): CardElement {
  return text(reply.text, { color: TONES[reply.tone] });
}

function buttons(actions: readonly ReplyAction[], target: ActionTarget | null): CardElement[] {
  return target ? actions.map((action) => cardAction(action, target)) : [];
}

function formElements(form: FormReply): CardElement[] {
  return [
    text(form.title, { size: 'large', weight: 'bolder' }),
    text(form.help, { subtle: true, spacing: 'none' }),
    ...(form.notice ? [text(form.notice, { color: 'warning' })] : []),
    ...form.fields.flatMap(fieldElements),
  ];
}

/**
 * How a review shows what can be done to each part: a row of buttons per section, or (when that
 * would not fit in one Teams message) one list of every section's actions with a button under it,
 * and, past that, the sections' titles without their details.
 */
type ReviewLayout = 'buttons' | 'list' | 'list-titles';

function reviewElements(review: ReviewReply, target: ActionTarget | null, layout: ReviewLayout): CardElement[] {
  const elements: CardElement[] = [text(review.title, { size: 'large', weight: 'bolder' })];
  if (review.notice) elements.push(text(review.notice, { color: 'warning' }));
  if (review.issues.length > 0) {
    elements.push(
      text('Fix these before keyplan can plan:', { color: 'attention', weight: 'bolder' }),
      text(review.issues.map((issue) => `- ${issue.path || 'profile'}: ${issue.message}`).join('\n'), {
        color: 'attention',
        spacing: 'none',
      }),
    );
  }
  for (const section of review.sections) {
    const actions = layout === 'buttons' ? buttons(section.actions, target) : [];
    const details = layout === 'list-titles' ? [] : section.lines;
    elements.push(
      container(
        [
          text(section.title, { weight: 'bolder' }),
          ...(details.length > 0 ? [text(details.join('\n\n'), { spacing: 'none' })] : []),
          ...(actions.length > 0 ? [{ type: 'ActionSet', actions }] : []),
        ],
        { separator: true, spacing: layout === 'buttons' ? 'medium' : 'small' },
      ),
    );
  }
  if (layout !== 'buttons' && target) {
    const choices = review.sections.flatMap((section) =>
      section.actions.map((action) => ({ title: `${action.label}: ${section.title}`, value: action.id })),
    );
    elements.push({
      type: 'Input.ChoiceSet',
      id: PICK_INPUT,
      label: 'Change a part',
      style: 'compact',
      isRequired: true,
      errorMessage: 'Pick what to change first',
      placeholder: 'Pick what to change',
      choices,
    });
    elements.push({
      type: 'ActionSet',
      actions: [cardAction({ id: PICKED_ACTION, label: 'Go', event: { type: 'PICKED' }, submitsForm: true }, target)],
    });
  }
  return elements;
}

/** The actions a reply set offers at the bottom of its card (review sections keep theirs inline). */
function bottomActions(replies: readonly Reply[]): ReplyAction[] {
  return replies.flatMap((reply) =>
    reply.type === 'form' || reply.type === 'review' || reply.type === 'approval-request' ? reply.actions : [],
  );
}

/**
 * One turn's replies as one card: the card the user sees and updates in place. Buttons are drawn
 * only when the result names the conversation and view they answer.
 */
export function renderCard(input: RenderInput): AdaptiveCard {
  const target: ActionTarget | null =
    input.conversationId && input.stamp ? { conversationId: input.conversationId, stamp: input.stamp } : null;
  const files = (reply: WithFiles) => input.files?.(reply) ?? [];
  const note = input.filesNote ?? '';
  const wrap = (body: CardElement[]) => card(body, buttons(bottomActions(input.replies), target));

  // A summary with files is fitted to Teams' size limit as a whole; notices before it stay.
  const summary = input.replies.find((reply) => reply.type === 'plan-summary' || reply.type === 'audit-report');
  if (summary && (summary.type === 'plan-summary' || summary.type === 'audit-report')) {
    const before = input.replies.filter((reply) => reply !== summary).flatMap((reply) => elementsOf(reply, target));
    const parts = { before, files: files(summary), filesNote: note, wrap };
    return summary.type === 'plan-summary' ? planSummaryCard(summary, parts) : auditCard(summary, parts);
  }
  // An approval request is fitted the same way, with the turn's notes before it.
  const approval = input.replies.find((reply) => reply.type === 'approval-request');
  if (approval?.type === 'approval-request') {
    const before = input.replies.filter((reply) => reply !== approval).flatMap((reply) => elementsOf(reply, target));
    return approvalCard(approval, {
      before,
      files: files(approval),
      filesNote: note,
      nameOf: (userId) => input.nameOf?.(userId) ?? userId,
      actionable: target !== null,
      wrap,
    });
  }
  const build = (layout: ReviewLayout) => wrap(input.replies.flatMap((reply) => elementsOf(reply, target, layout)));
  // A long review (many applications) trades its rows of buttons for one list, to fit in a message.
  let built = build('buttons');
  if (input.replies.some((reply) => reply.type === 'review')) {
    for (const layout of ['list', 'list-titles'] as const) {
      if (cardBytes(built) <= CARD_BYTE_BUDGET) break;
      built = build(layout);
    }
  }
  return built;
}

function elementsOf(reply: Reply, target: ActionTarget | null, layout: ReviewLayout = 'buttons'): CardElement[] {
  switch (reply.type) {
    case 'message':
      return [messageElement(reply)];
    case 'form':
      return formElements(reply);
    case 'review':
      return reviewElements(reply, target, layout);
    case 'plan-summary':
      return [text(reply.headline, { weight: 'bolder' })];
    case 'audit-report':
      return [text(reply.headline, { weight: 'bolder' })];
    case 'approval-request':
      return [text(reply.headline, { weight: 'bolder' })];
  }
}
