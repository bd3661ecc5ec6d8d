import type { types } from '@slack/bolt';
import type {
  FormReply,
  PlanSummaryReply,
  Reply,
  ReplyAction,
  ReviewReply,
  ReviewSection,
  TurnResult,
} from '../../src/conversation/index.js';
import { actionBlocks, actionButton, conversationActionId, fitBlocks, messageSection } from './blocks.js';
import { fieldBlock, type InputState } from './form-blocks.js';
import { LIMITS } from './limits.js';
import { encodeModalMeta, type ModalMeta } from './metadata.js';
import { bold, channelRef, escapeMrkdwn, md, plain } from './mrkdwn.js';
import { planBlocks } from './plan-blocks.js';

/**
 * The interview in a Slack modal: a form step as inputs, the review as sections with their actions,
 * the finished plan as a summary. The modal's Submit button stands for the view's primary action; other
 * actions that send the form are offered as a choice above it (so Slack still checks required fields
 * and `errors` can point at them), the rest are buttons. Every view carries the conversation and its
 * stamp in private_metadata.
 */

export const INTERVIEW_CALLBACK = 'keyplan.interview';
export const NOTICE_BLOCK = 'notice';

/** Where the modal was opened from: the channel the plan is posted to at the end. */
export interface ModalOrigin {
  channel?: string;
}

type Asking = FormReply | ReviewReply | PlanSummaryReply;

function askingOf(replies: readonly Reply[]): Asking | undefined {
  return replies.findLast(
    (reply): reply is Asking => reply.type === 'form' || reply.type === 'review' || reply.type === 'plan-summary',
  );
}

function noticeBlocks(replies: readonly Reply[]): types.KnownBlock[] {
  return replies.flatMap((reply) =>
    reply.type === 'message'
      ? [{ ...messageSection(reply), block_id: `${NOTICE_BLOCK}-${replies.indexOf(reply)}` }]
      : [],
  );
}

/** The primary action: what the Submit button sends. */
function primaryOf(actions: readonly ReplyAction[], formOnly: boolean): ReplyAction | undefined {
  const candidates = formOnly ? actions.filter((a) => a.submitsForm) : actions;
  return candidates.find((a) => a.style === 'primary') ?? (formOnly ? candidates[0] : undefined);
}

export const thenBlockId = (version: number) => `t${version}`;

/** Other actions that send the form: a checkbox ("Add another environment") or a choice among several. */
function thenBlock(primary: ReplyAction, others: readonly ReplyAction[], version: number): types.InputBlock {
  const option = (action: ReplyAction): types.PlainTextOption => ({
    text: plain(action.label, LIMITS.optionText),
    value: action.id,
  });
  if (others.length === 1) {
    return {
      type: 'input',
      block_id: thenBlockId(version),
      optional: true,
      label: plain('After this one', LIMITS.inputLabel),
      element: { type: 'checkboxes', action_id: 'value', options: others.map(option) },
    };
  }
  return {
    type: 'input',
    block_id: thenBlockId(version),
    label: plain('After this step', LIMITS.inputLabel),
    element: {
      type: 'radio_buttons',
      action_id: 'value',
      options: [primary, ...others].slice(0, 10).map(option),
      initial_option: option(primary),
    },
  };
}

function formBlocks(form: FormReply, version: number, primary: ReplyAction | undefined): types.KnownBlock[] {
  // With questions to answer, the other sending actions are a choice above Submit (so Slack checks the
  // answers for them too); with none, a choice would be odd, so they are plain buttons.
  const asChoice = form.fields.length > 0;
  const others = form.actions.filter((a) => a.submitsForm && a !== primary && asChoice);
  const buttons = form.actions
    .filter((a) => a !== primary && (!a.submitsForm || !asChoice))
    .map((a) => actionButton(a));
  const blocks: types.KnownBlock[] = [
    { type: 'header', text: plain(form.title, LIMITS.headerText) },
    ...(form.help
      ? [{ type: 'context', elements: [md(escapeMrkdwn(form.help), LIMITS.contextText)] } as types.ContextBlock]
      : []),
    ...(form.notice ? [messageSection({ type: 'message', tone: 'warning', text: form.notice })] : []),
    ...form.fields.map((field) => fieldBlock(field, version)),
    ...(primary && others.length > 0 ? [thenBlock(primary, others, version)] : []),
    ...actionBlocks(buttons, 'navigation'),
  ];
  return blocks;
}

function sectionText(section: ReviewSection): string {
  return [bold(section.title), ...section.lines.map(escapeMrkdwn)].join('\n');
}

/** A section's actions: as buttons under it when there is room, else folded into its ⋯ menu. */
function reviewSection(section: ReviewSection, roomy: boolean): types.KnownBlock[] {
  const text = md(sectionText(section), LIMITS.sectionText);
  const { actions } = section;
  if (actions.length === 0) return [{ type: 'section', text }];
  if (roomy || actions.length === 1) {
    if (actions.length === 1) return [{ type: 'section', text, accessory: actionButton(actions[0] as ReplyAction) }];
    return [
      { type: 'section', text },
      ...actionBlocks(
        actions.map((a) => actionButton(a)),
        `section-${section.id}`,
      ),
    ];
  }
  const options = actions.map((a) => ({ text: plain(a.label, LIMITS.optionText), value: a.id }));
  if (actions.length <= LIMITS.overflowOptions && actions.every((a) => !a.confirm)) {
    return [
      {
        type: 'section',
        text,
        accessory: { type: 'overflow', action_id: conversationActionId(`menu:${section.id}`), options },
      },
    ];
  }
  return [
    {
      type: 'section',
      text,
      accessory: {
        type: 'static_select',
        action_id: conversationActionId(`menu:${section.id}`),
        placeholder: plain('Change…', LIMITS.placeholder),
        options: options.slice(0, LIMITS.optionsPerSelect),
      },
    },
  ];
}

function reviewBlocks(review: ReviewReply, primary: ReplyAction | undefined): types.KnownBlock[] {
  const head: types.KnownBlock[] = [{ type: 'header', text: plain(review.title, LIMITS.headerText) }];
  if (review.notice) head.push(messageSection({ type: 'message', tone: 'warning', text: review.notice }));
  if (review.issues.length > 0) {
    head.push({
      type: 'section',
      text: md(
        [
          bold('Fix these before confirming:'),
          ...review.issues.map(
            (issue) => `• ${escapeMrkdwn(issue.path ? `${issue.path}: ${issue.message}` : issue.message)}`,
          ),
        ].join('\n'),
        LIMITS.sectionText,
      ),
    });
  }
  const tail = actionBlocks(
    review.actions.filter((a) => a !== primary).map((a) => actionButton(a)),
    'review',
  );
  const budget = LIMITS.blocksPerModal - head.length - tail.length - 1;
  const roomyCount = review.sections.reduce((n, s) => n + (s.actions.length > 1 ? 2 : 1), 0);
  const roomy = roomyCount <= budget;
  const sections = review.sections.flatMap((section) => reviewSection(section, roomy));
  return [...head, ...sections, { type: 'divider' }, ...tail];
}

function planModalBlocks(plan: PlanSummaryReply, origin: ModalOrigin): types.KnownBlock[] {
  const where = origin.channel ? `in ${channelRef(origin.channel)}` : 'to you in a direct message';
  return [
    ...planBlocks(plan, { maxBlocks: LIMITS.blocksPerModal - 1, exports: false }),
    {
      type: 'context',
      elements: [md(`✅ keyplan is posting this plan with its report and exports ${where}.`, LIMITS.contextText)],
    },
  ];
}

const TITLES = { form: 'keyplan interview', review: 'Review your answers', 'plan-summary': 'Your key plan' } as const;

/** The modal for a turn's result: its replies, with the conversation and stamp in private_metadata. */
export function interviewModal(
  result: Pick<TurnResult, 'replies' | 'stamp' | 'conversationId' | 'status'>,
  origin: ModalOrigin,
): types.ModalView {
  const asking = askingOf(result.replies);
  const notices = noticeBlocks(result.replies);
  const stamp = result.stamp;
  const active = result.status === 'active' && stamp !== null;
  let primary: ReplyAction | undefined;
  let body: types.KnownBlock[] = [];
  if (asking?.type === 'form' && active) {
    primary = primaryOf(asking.actions, true);
    body = formBlocks(asking, stamp.version, primary);
  } else if (asking?.type === 'review' && active) {
    primary = primaryOf(asking.actions, false);
    body = reviewBlocks(asking, primary);
  } else if (asking?.type === 'plan-summary') {
    body = planModalBlocks(asking, origin);
  }
  const blocks = fitBlocks([...notices, ...body], LIMITS.blocksPerModal);
  if (blocks.length === 0) blocks.push(messageSection({ type: 'message', tone: 'info', text: 'Nothing to show.' }));
  const meta: ModalMeta | undefined = stamp
    ? {
        c: result.conversationId,
        s: stamp.step,
        v: stamp.version,
        ...(primary ? { a: primary.id } : {}),
        ...(origin.channel ? { ch: origin.channel } : {}),
      }
    : undefined;
  const title = asking && (active || asking.type === 'plan-summary') ? TITLES[asking.type] : 'keyplan';
  return {
    type: 'modal',
    callback_id: INTERVIEW_CALLBACK,
    title: plain(title, LIMITS.modalTitle),
    close: plain(active ? 'Close' : 'Done', LIMITS.modalButton),
    ...(primary && active ? { submit: plain(primary.label, LIMITS.modalButton) } : {}),
    ...(meta ? { private_metadata: encodeModalMeta(meta) } : {}),
    notify_on_close: active,
    blocks,
  };
}

/** A modal with just a message (errors, a lost conversation), keeping where it came from. */
export function messageModal(text: string, tone: 'info' | 'warning' | 'error' = 'info'): types.ModalView {
  return {
    type: 'modal',
    callback_id: INTERVIEW_CALLBACK,
    title: plain('keyplan', LIMITS.modalTitle),
    close: plain('Close', LIMITS.modalButton),
    blocks: [messageSection({ type: 'message', tone, text })],
  };
}

/** The view Slack sent back, as it stands, with a message on top (nothing was changed by the turn). */
export function withNotice(view: SubmittedView, text: string): types.ModalView {
  const blocks = (view.blocks ?? []).filter((block) => !String(block.block_id ?? '').startsWith(NOTICE_BLOCK));
  return {
    type: 'modal',
    callback_id: view.callback_id ?? INTERVIEW_CALLBACK,
    title: view.title ?? plain('keyplan', LIMITS.modalTitle),
    ...(view.close ? { close: view.close } : {}),
    ...(view.submit ? { submit: view.submit } : {}),
    ...(view.private_metadata ? { private_metadata: view.private_metadata } : {}),
    notify_on_close: view.notify_on_close ?? false,
    blocks: fitBlocks(
      [
        { ...messageSection({ type: 'message', tone: 'error', text }), block_id: `${NOTICE_BLOCK}-retry` },
        ...(blocks as types.KnownBlock[]),
      ],
      LIMITS.blocksPerModal,
    ),
  };
}

/** The parts of a view payload keyplan reads back. */
export interface SubmittedView {
  id: string;
  callback_id?: string;
  private_metadata?: string;
  title?: types.PlainTextElement;
  close?: types.PlainTextElement | null;
  submit?: types.PlainTextElement | null;
  notify_on_close?: boolean;
  blocks?: { type: string; block_id?: string }[];
  state?: { values?: Record<string, Record<string, InputState>> };
}
