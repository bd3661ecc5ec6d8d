import type { types } from '@slack/bolt';
import type {
  ApprovalRequestReply,
  AuditReportReply,
  Delivery,
  MessageReply,
  Reply,
  ReplyAction,
} from '../../src/conversation/index.js';
import { LIMITS } from './limits.js';
import { encodeButtonMeta } from './metadata.js';
import { bold, escapeMrkdwn, md, plain, truncate } from './mrkdwn.js';
import { planBlocks, planText } from './plan-blocks.js';

/**
 * Replies as channel or direct messages. Buttons of a conversation's actions hold the action id (with
 * the `kp:` prefix keyplan routes by) and, in their value, the conversation and the view stamp.
 */

export const TONE_ICON: Record<MessageReply['tone'], string> = {
  info: 'ℹ️',
  success: '✅',
  warning: '⚠️',
  error: '❌',
};

export const CONVERSATION_ACTION = /^kp:/;
export const conversationActionId = (id: string) => `kp:${id}`;
export const actionIdOf = (slackActionId: string) => slackActionId.replace(CONVERSATION_ACTION, '');

export function messageSection(reply: MessageReply): types.SectionBlock {
  return { type: 'section', text: md(`${TONE_ICON[reply.tone]} ${escapeMrkdwn(reply.text)}`, LIMITS.sectionText) };
}

/** A Slack confirm dialog for an action that asks first (e.g. cancelling). */
export function confirmOf(action: ReplyAction): types.ConfirmationDialog | undefined {
  if (!action.confirm) return undefined;
  return {
    title: plain('Are you sure?', LIMITS.confirmTitle),
    text: plain(action.confirm, LIMITS.confirmText),
    confirm: plain(action.label, LIMITS.confirmButton),
    deny: plain('Keep going', LIMITS.confirmButton),
    ...(action.style === 'danger' ? { style: 'danger' as const } : {}),
  };
}

export function actionButton(action: ReplyAction, value?: string): types.Button {
  const confirm = confirmOf(action);
  return {
    type: 'button',
    action_id: conversationActionId(action.id),
    text: plain(action.label, LIMITS.buttonText),
    ...(action.style ? { style: action.style } : {}),
    ...(value !== undefined ? { value } : {}),
    ...(confirm ? { confirm } : {}),
  };
}

/** Buttons in actions blocks of at most 25 each. */
export function actionBlocks(buttons: types.Button[], blockId: string): types.ActionsBlock[] {
  const blocks: types.ActionsBlock[] = [];
  for (let at = 0; at < buttons.length; at += LIMITS.actionsPerBlock) {
    blocks.push({
      type: 'actions',
      block_id: `${blockId}${at === 0 ? '' : `-${at}`}`,
      elements: buttons.slice(at, at + LIMITS.actionsPerBlock),
    });
  }
  return blocks;
}

function linesSection(lines: readonly string[], note: string): types.SectionBlock | undefined {
  if (lines.length === 0) return undefined;
  let text = '';
  for (const [index, line] of lines.entries()) {
    const next = `${text}• ${escapeMrkdwn(line)}\n`;
    if (next.length > LIMITS.sectionText - note.length - 20) {
      text += `…and ${lines.length - index} more ${note}`;
      break;
    }
    text = next;
  }
  return { type: 'section', text: md(text.trimEnd(), LIMITS.sectionText) };
}

function auditBlocks(reply: AuditReportReply): types.KnownBlock[] {
  const { error, warning, info } = reply.counts;
  const lines = linesSection(reply.lines, 'in the attached report.');
  return [
    { type: 'header', text: plain('KMS audit', LIMITS.headerText) },
    { type: 'section', text: md(bold(reply.headline), LIMITS.sectionText) },
    ...(lines ? [lines] : []),
    {
      type: 'context',
      elements: [
        md(
          `🔴 ${error} error  ·  🟠 ${warning} warning  ·  🔵 ${info} info  ·  full report attached below`,
          LIMITS.contextText,
        ),
      ],
    },
  ];
}

function approvalBlocks(reply: ApprovalRequestReply, delivery: Delivery): types.KnownBlock[] {
  const lines = linesSection(reply.lines, 'in the attached plan.');
  const value =
    delivery.conversationId && delivery.stamp
      ? encodeButtonMeta({ c: delivery.conversationId, s: delivery.stamp.step, v: delivery.stamp.version })
      : undefined;
  return [
    { type: 'header', text: plain(`Approval requested: ${reply.organization}`, LIMITS.headerText) },
    { type: 'section', text: md(bold(reply.headline), LIMITS.sectionText) },
    ...(lines ? [lines] : []),
    ...(value
      ? actionBlocks(
          reply.actions.map((action) => actionButton(action, value)),
          'approval',
        )
      : []),
    { type: 'context', elements: [md(`Plan ${escapeMrkdwn(reply.planId)}`, LIMITS.contextText)] },
  ];
}

/** What cannot be answered in a message (a form, the review) points to the window it lives in. */
const OPEN_INTERVIEW: MessageReply = {
  type: 'message',
  tone: 'info',
  text: 'This step is answered in the keyplan window: run /keyplan to open it.',
};

function blocksOf(reply: Reply, delivery: Delivery): types.KnownBlock[] {
  switch (reply.type) {
    case 'message':
      return [messageSection(reply)];
    case 'plan-summary':
      return planBlocks(reply, { maxBlocks: LIMITS.blocksPerMessage, exports: true });
    case 'audit-report':
      return auditBlocks(reply);
    case 'approval-request':
      return approvalBlocks(reply, delivery);
    default:
      return [messageSection(OPEN_INTERVIEW)];
  }
}

function textOf(reply: Reply): string {
  switch (reply.type) {
    case 'message':
      return escapeMrkdwn(reply.text);
    case 'plan-summary':
      return planText(reply);
    case 'audit-report':
    case 'approval-request':
      return escapeMrkdwn(reply.headline);
    default:
      return escapeMrkdwn(OPEN_INTERVIEW.text);
  }
}

/** One message of a delivery's replies, within the 50 blocks a message holds. */
export function messageOf(delivery: Delivery): { text: string; blocks: types.KnownBlock[] } {
  const blocks = delivery.replies.flatMap((reply) => blocksOf(reply, delivery));
  const text = truncate(delivery.replies.map(textOf).join(' '), LIMITS.messageText) || 'keyplan';
  return { text, blocks: fitBlocks(blocks, LIMITS.blocksPerMessage) };
}

/** Keeps a surface within its block limit: the last block left says that the rest was cut. */
export function fitBlocks(blocks: types.KnownBlock[], max: number): types.KnownBlock[] {
  if (blocks.length <= max) return blocks;
  return [
    ...blocks.slice(0, max - 1),
    {
      type: 'context',
      elements: [md('…shortened to fit Slack: the attached files have everything.', LIMITS.contextText)],
    },
  ];
}
