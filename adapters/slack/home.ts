import type { types } from '@slack/bolt';
import { PLAN_STATUS_TEXT, type PlanListing } from '../../src/conversation/index.js';
import { LIMITS } from './limits.js';
import { bold, escapeMrkdwn, md, plain, userRef } from './mrkdwn.js';

/**
 * The App Home tab: the workspace's plans (who, when, keys, approval state, next review) and a button to
 * start (or resume) an interview.
 */

export const HOME_START = 'kph:start';
export const HOME_SEND_PLAN = 'kph:send';
/** Plans listed on the Home tab (two blocks each, well within its 100). */
export const HOME_PLANS = 20;

const day = (iso: string) => {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toISOString().slice(0, 10);
};

function planSection(plan: PlanListing): types.KnownBlock[] {
  const lines = [
    `${bold(plan.organization)}  ·  ${escapeMrkdwn(plan.id)}`,
    `${plan.keys} KMS key${plan.keys === 1 ? '' : 's'}  ·  about $${plan.monthlyUsd.toFixed(2)}/month  ·  ${escapeMrkdwn(PLAN_STATUS_TEXT[plan.status])}`,
    `By ${userRef(plan.author)} on ${escapeMrkdwn(day(plan.createdAt))}  ·  next review: ${plan.status === 'approved' ? 'not scheduled yet' : 'after approval'}`,
  ];
  return [
    {
      type: 'section',
      text: md(lines.join('\n'), LIMITS.sectionText),
      accessory: {
        type: 'button',
        action_id: HOME_SEND_PLAN,
        text: plain('Send me this plan', LIMITS.buttonText),
        value: plan.id,
      },
    },
    { type: 'divider' },
  ];
}

export function homeView(plans: readonly PlanListing[]): types.HomeView {
  const listed = plans.slice(0, HOME_PLANS);
  return {
    type: 'home',
    blocks: [
      { type: 'header', text: plain('keyplan: your AWS KMS key plans', LIMITS.headerText) },
      {
        type: 'section',
        text: md(
          'Answer a short interview about your data, applications, accounts and key owners, and keyplan plans your KMS keys: how many, who controls them, their policies and cost.',
          LIMITS.sectionText,
        ),
        accessory: {
          type: 'button',
          action_id: HOME_START,
          style: 'primary',
          text: plain('Start an interview', LIMITS.buttonText),
        },
      },
      { type: 'divider' },
      { type: 'section', text: md(bold('Plans in this workspace'), LIMITS.sectionText) },
      ...(listed.length === 0
        ? [
            {
              type: 'context',
              elements: [md('No plans yet. Start an interview to make the first one.', LIMITS.contextText)],
            } as types.ContextBlock,
          ]
        : listed.flatMap(planSection)),
      {
        type: 'context',
        elements: [
          md(
            'In any channel: `/keyplan` to start, `/keyplan plan` to share the latest plan, `/keyplan help` for more.',
            LIMITS.contextText,
          ),
        ],
      },
    ],
  };
}
