import type { types } from '@slack/bolt';
import type { MessageReply, ReplyAction } from '../../src/conversation/index.js';
import { LIMITS } from './limits.js';
import { escapeMrkdwn, md, plain } from './mrkdwn.js';

/**
 * The Block Kit pieces every keyplan surface is built of: a message line, a conversation's buttons
 * (holding the action id with the `kp:` prefix keyplan routes by), bulleted lines cut to a section, and
 * the cut that keeps a surface within its block limit.
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

/**
 * Lines as bullets in one section, under an optional title (markup); what does not fit ends in
 * "…and N more" followed by `note`.
 */
export function linesSection(lines: readonly string[], note: string, title = ''): types.SectionBlock | undefined {
  if (lines.length === 0) return undefined;
  let text = title ? `${title}\n` : '';
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
