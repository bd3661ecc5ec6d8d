import type { types } from '@slack/bolt';
import type { AuditReportReply, Delivery, MessageReply, Reply } from '../../src/conversation/index.js';
import { approvalBlocks, approvalText } from './approval-blocks.js';
import { fitBlocks, linesSection, messageSection } from './blocks.js';
import { LIMITS } from './limits.js';
import { bold, escapeMrkdwn, md, plain, truncate } from './mrkdwn.js';
import { planBlocks, planText } from './plan-blocks.js';

/**
 * Replies as channel or direct messages. Buttons of a conversation's actions hold the action id (with
 * the `kp:` prefix keyplan routes by) and, in their value, the conversation and the view stamp.
 */

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
      return escapeMrkdwn(reply.headline);
    case 'approval-request':
      return approvalText(reply);
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
