import type { types } from '@slack/bolt';
import { type ApprovalRequestReply, type Delivery, SYSTEM } from '../../src/conversation/index.js';
import { actionBlocks, actionButton, linesSection } from './blocks.js';
import { LIMITS } from './limits.js';
import { encodeButtonMeta } from './metadata.js';
import { bold, escapeMrkdwn, md, plain, truncate, userRef } from './mrkdwn.js';

/**
 * An approval request in the security channel: the plan summary, who asked, what changed since the
 * team's last approved plan, the content hash the decision binds to, the approvals so far and the
 * Approve / Request changes / Reject buttons; once decided, the outcome, who, when and why instead
 * of the buttons. The approval document itself goes into the message's thread.
 */

const OUTCOME: Record<string, string> = {
  approved: '✅ Approved',
  'changes-requested': '✏️ Changes requested',
  rejected: '⛔ Rejected',
  superseded: '↪️ Superseded by a newer plan',
  expired: '⌛ Expired without a decision',
};

type Decision = NonNullable<ApprovalRequestReply['decision']>;

/** A time every reader sees in their own time zone; the ISO time where a client cannot show it. */
export function slackDate(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return escapeMrkdwn(iso);
  return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} at {time}|${escapeMrkdwn(iso)}>`;
}

/** People by Slack mention; keyplan itself (an expiry, a newer plan) is nobody to name. */
function people(ids: readonly string[]): string {
  return ids
    .filter((id) => id !== SYSTEM.userId)
    .map(userRef)
    .join(' and ');
}

/** The outcome, who decided and when, and the reason quoted. */
export function decisionText(decision: Decision): string {
  const who = people(decision.by);
  const reason = decision.reason ? `\n>${escapeMrkdwn(decision.reason).replaceAll('\n', '\n>')}` : '';
  return `*${OUTCOME[decision.outcome] ?? escapeMrkdwn(decision.outcome)}*${who ? ` by ${who}` : ''} on ${slackDate(decision.at)}${reason}`;
}

/** A notice as written by the flow (it names people by id), with those people mentioned. */
function noticeText(reply: ApprovalRequestReply, notice: string): string {
  const known = new Set([reply.requester, ...reply.approvals.map((a) => a.by), ...(reply.decision?.by ?? [])]);
  let text = escapeMrkdwn(notice);
  for (const id of known) {
    if (/^[UW][A-Z0-9]+$/.test(id)) text = text.replace(new RegExp(`\\b${id}\\b`, 'g'), userRef(id));
  }
  return text;
}

export function approvalBlocks(reply: ApprovalRequestReply, delivery: Delivery): types.KnownBlock[] {
  const { decision } = reply;
  const value =
    delivery.conversationId && delivery.stamp
      ? encodeButtonMeta({ c: delivery.conversationId, s: delivery.stamp.step, v: delivery.stamp.version })
      : undefined;
  const summary = linesSection(reply.lines, 'in the approval document.');
  const changes = linesSection(
    reply.changes,
    'in the approval document.',
    bold('What changed since the team’s last approved plan'),
  );
  const approvals = reply.approvals.map((a) => `${userRef(a.by)} on ${slackDate(a.at)}`);
  const blocks: types.KnownBlock[] = [
    { type: 'header', text: plain(`Key plan sign-off: ${reply.organization}`, LIMITS.headerText) },
    { type: 'section', text: md(bold(reply.headline), LIMITS.sectionText) },
    {
      type: 'section',
      fields: [
        md(`*Requested by*\n${userRef(reply.requester)}`, LIMITS.sectionFieldText),
        md(`*Plan*\n${escapeMrkdwn(reply.planId)}`, LIMITS.sectionFieldText),
        md(`*Content hash*\n\`${escapeMrkdwn(reply.planHash)}\``, LIMITS.sectionFieldText),
        md(
          `*Status*\n${decision ? escapeMrkdwn(OUTCOME[decision.outcome] ?? decision.outcome) : '⏳ Waiting for a decision'}`,
          LIMITS.sectionFieldText,
        ),
      ],
    },
    ...(summary ? [summary] : []),
    ...(changes ? [changes] : []),
  ];
  if (approvals.length > 0 && !decision) {
    blocks.push({
      type: 'context',
      elements: [md(`👍 Approved so far by ${approvals.join(', ')}`, LIMITS.contextText)],
    });
  }
  if (reply.notice) {
    blocks.push({ type: 'section', text: md(`ℹ️ ${noticeText(reply, reply.notice)}`, LIMITS.sectionText) });
  }
  if (decision) {
    blocks.push({ type: 'section', text: md(decisionText(decision), LIMITS.sectionText) });
  } else if (value) {
    blocks.push(
      ...actionBlocks(
        reply.actions.map((action) => actionButton(action, value)),
        'approval',
      ),
    );
  }
  blocks.push({
    type: 'context',
    elements: [
      md(
        decision
          ? 'The decision is kept in keyplan’s audit trail with the content hash above.'
          : '📎 The approval document (every key policy) is in this message’s thread. A decision binds to the content hash above; nobody approves their own plan.',
        LIMITS.contextText,
      ),
    ],
  });
  return blocks;
}

/** The notification text of an approval message. */
export function approvalText(reply: ApprovalRequestReply): string {
  return truncate(`${escapeMrkdwn(reply.headline)} Requested by ${userRef(reply.requester)}.`, LIMITS.messageText);
}

/** What a late clicker is told: the request was decided already, by whom and when. */
export function decidedAlready(decision: Decision): string {
  return `This request was decided already: ${decisionText(decision)}\nNothing was changed.`;
}
