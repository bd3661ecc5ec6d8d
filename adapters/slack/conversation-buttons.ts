import type { types, ViewResponseAction } from '@slack/bolt';
import {
  type ActRequest,
  type ApprovalRequestReply,
  actionsOf,
  type FormField,
  type Reply,
  type ReplyAction,
  type Tenant,
  type TurnResult,
} from '../../src/conversation/index.js';
import { decidedAlready } from './approval-blocks.js';
import { actionIdOf } from './blocks.js';
import { fieldBlock, fieldBlockId, formValues } from './form-blocks.js';
import type { InterviewDeps } from './interview.js';
import { LIMITS } from './limits.js';
import { messageOf } from './message-blocks.js';
import { type AskMeta, encodeAskMeta, readAskMeta, readButtonMeta } from './metadata.js';
import { messageModal, type SubmittedView } from './modal.js';
import { bold, escapeMrkdwn, md, plain } from './mrkdwn.js';

/**
 * A conversation's buttons in a channel message (an approval request). Each press is a turn of the
 * engine, with the presser's roles asked at that moment. The message is updated in place for everyone;
 * what concerns only the presser (a refusal, a decision made already) is said to them privately.
 *
 * An action that needs some of the reply's fields (a rejection's reason) is first sent without them:
 * the engine refuses who may not act (and records it) or a press on an old view, and otherwise
 * answers which fields it needs. A window asks them, and its submission sends the action with them;
 * a refused answer keeps the window open with the error on its field.
 */

export const ASK_CALLBACK = 'keyplan.ask';

const TRY_AGAIN = 'keyplan could not do that just now, and nothing was changed. Please try again.';
const OUT_OF_DATE = 'This keyplan window is out of date: nothing was changed.';

/** Where the pressed message is, and who pressed. */
export interface MessageContext {
  tenant: Tenant;
  userId: string;
  channel: string;
  ts: string;
  /** The thread the message is in (files go there too). */
  threadTs?: string;
}

/** Says something to the presser only, in the channel of the message (`markup` is escaped mrkdwn). */
export async function tellPrivately(deps: InterviewDeps, where: MessageContext, markup: string): Promise<void> {
  await deps.client.chat
    .postEphemeral({ channel: where.channel, user: where.userId, text: markup })
    .catch((error: unknown) => deps.ports.log(`keyplan: chat.postEphemeral failed: ${(error as Error).message}`));
}

function approvalOf(replies: readonly Reply[]): ApprovalRequestReply | undefined {
  return replies.find((reply): reply is ApprovalRequestReply => reply.type === 'approval-request');
}

/** One turn as `userId`, with the roles they hold now; undefined when it could not run (said as "try again"). */
async function turn(
  deps: InterviewDeps,
  userId: string,
  request: Omit<ActRequest, 'actor'>,
): Promise<TurnResult | undefined> {
  try {
    const roles = await deps.roles.of(request.tenant, userId);
    return await deps.ports.engine.act({ ...request, actor: { userId, roles } });
  } catch (error) {
    deps.ports.log(`keyplan: a message action failed: ${(error as Error).message}`);
    return undefined;
  }
}

/** The action pressed and the fields it asks, when the engine answered that it needs them. */
function askedOf(result: TurnResult, actionId: string): { action: ReplyAction; fields: FormField[] } | undefined {
  const action = actionsOf(result.replies).find((a) => a.id === actionId);
  const missing = Object.keys(result.rejection?.fields ?? {});
  if (!action?.asks || action.asks.length === 0 || !missing.some((id) => action.asks?.includes(id))) return undefined;
  const fields = result.replies.flatMap((reply) =>
    reply.type === 'form' || reply.type === 'approval-request'
      ? reply.fields.filter((field) => action.asks?.includes(field.id))
      : [],
  );
  return fields.length > 0 ? { action, fields } : undefined;
}

/** A field as asked in the window: empty, without the "missing" error the press itself drew. */
function askBlock(field: FormField, version: number): types.InputBlock {
  const { error: _refused, rejected: _typed, ...rest } = field;
  const block = fieldBlock({ ...rest, help: field.help ?? field.explain }, version);
  if (block.element.type !== 'plain_text_input') return block;
  return { ...block, element: { ...block.element, multiline: true } };
}

export function askModal(
  headline: string,
  context: string,
  action: ReplyAction,
  fields: readonly FormField[],
  meta: AskMeta,
): types.ModalView {
  return {
    type: 'modal',
    callback_id: ASK_CALLBACK,
    title: plain(action.label, LIMITS.modalTitle),
    submit: plain(action.label, LIMITS.modalButton),
    close: plain('Cancel', LIMITS.modalButton),
    private_metadata: encodeAskMeta(meta),
    blocks: [
      { type: 'section', text: md(bold(headline), LIMITS.sectionText) },
      ...(context ? [{ type: 'context', elements: [md(context, LIMITS.contextText)] } as types.ContextBlock] : []),
      ...fields.map((field) => askBlock(field, meta.v)),
    ],
  };
}

/** The message shows the conversation as it is now (a presser's own notices are said to them instead). */
async function updateMessage(deps: InterviewDeps, where: MessageContext, result: TurnResult): Promise<void> {
  const shown = result.replies.filter((reply) => reply.type !== 'message');
  const message = messageOf({
    conversationId: result.conversationId,
    stamp: result.stamp,
    replies: shown.length > 0 ? shown : result.replies,
  });
  await deps.client.chat
    .update({ channel: where.channel, ts: where.ts, text: message.text, blocks: message.blocks })
    .catch((error: unknown) => deps.ports.log(`keyplan: chat.update failed: ${(error as Error).message}`));
}

/** A turn's result where it was pressed: the message updated, or the presser told privately. */
async function showOutcome(deps: InterviewDeps, where: MessageContext, result: TurnResult): Promise<void> {
  const notice = result.replies.find((reply) => reply.type === 'message');
  const noticeText = notice?.type === 'message' ? escapeMrkdwn(notice.text) : undefined;
  switch (result.outcome) {
    case 'forbidden':
    case 'failed':
      return tellPrivately(deps, where, noticeText ?? 'Nothing was changed.');
    case 'duplicate':
      return;
    case 'rejected': {
      // A refusal of this person's press (an approver approving twice) is theirs alone.
      const refused = [result.rejection?.message, ...Object.values(result.rejection?.fields ?? {})].filter(Boolean);
      if (result.rejection?.message || approvalOf(result.replies)) {
        return tellPrivately(deps, where, escapeMrkdwn(refused.join(' ') || 'Nothing was changed.'));
      }
      return updateMessage(deps, where, result);
    }
    case 'stale': {
      // An approval's message is kept current by the turns that change it (and its view may carry an
      // approver's own refusal): a press on an old version is answered to the presser alone.
      const approval = approvalOf(result.replies);
      if (approval?.decision) return tellPrivately(deps, where, decidedAlready(approval.decision));
      if (!approval) await updateMessage(deps, where, result);
      if (noticeText) await tellPrivately(deps, where, noticeText);
      return;
    }
    default:
      return updateMessage(deps, where, result);
  }
}

/** A conversation's button pressed in a message. */
export async function messageConversationAction(
  deps: InterviewDeps,
  where: MessageContext,
  action: { action_id: string; value?: string },
  triggerId: string | undefined,
): Promise<void> {
  const meta = readButtonMeta(action.value);
  if (!meta) return tellPrivately(deps, where, 'This button is out of date: nothing was changed.');
  const actionId = actionIdOf(action.action_id);
  const result = await turn(deps, where.userId, {
    tenant: where.tenant,
    conversationId: meta.c,
    actionId,
    stamp: { step: meta.s, version: meta.v },
    surface: { kind: 'message', ids: { channel: where.channel, ts: where.ts } },
    ...(triggerId ? { eventId: triggerId } : {}),
  });
  if (!result) return tellPrivately(deps, where, TRY_AGAIN);
  const asked = result.outcome === 'rejected' && triggerId && result.stamp ? askedOf(result, actionId) : undefined;
  if (!asked || !triggerId || !result.stamp) return showOutcome(deps, where, result);
  const approval = approvalOf(result.replies);
  const ask: AskMeta = {
    c: result.conversationId,
    s: result.stamp.step,
    v: result.stamp.version,
    a: actionId,
    ch: where.channel,
    ts: where.ts,
  };
  const headline = approval ? approval.headline : asked.action.label;
  const context = approval
    ? `Plan ${escapeMrkdwn(approval.planId)} · content hash \`${escapeMrkdwn(approval.planHash.slice(0, 12))}…\``
    : '';
  try {
    await deps.client.views.open({
      trigger_id: triggerId,
      view: askModal(headline, context, asked.action, asked.fields, ask),
    });
  } catch (error) {
    deps.ports.log(`keyplan: views.open failed: ${(error as Error).message}`);
    await tellPrivately(
      deps,
      where,
      'Slack could not open the window in time, and nothing was changed. Press the button again.',
    );
  }
}

type ViewAck = (response?: ViewResponseAction) => Promise<void>;

/** The window's answers submitted: the action sent with them; a refused answer stays on its field. */
export async function submitAsk(
  deps: InterviewDeps,
  request: { tenant: Tenant; userId: string; view: SubmittedView; triggerId?: string; ack: ViewAck },
): Promise<void> {
  const { view, ack } = request;
  const meta = readAskMeta(view.private_metadata);
  if (!meta) return ack({ response_action: 'update', view: messageModal(OUT_OF_DATE, 'warning') });
  const inputs = (view.blocks ?? []).filter((b) => b.type === 'input').map((b) => b.block_id ?? '');
  const errorsOn = (errors: Record<string, string>) =>
    ack({
      response_action: 'errors',
      errors: Object.fromEntries(Object.entries(errors).map(([block, text]) => [block, text.slice(0, 500)])),
    });
  const result = await turn(deps, request.userId, {
    tenant: request.tenant,
    conversationId: meta.c,
    actionId: meta.a,
    stamp: { step: meta.s, version: meta.v },
    values: formValues(view.state?.values),
    surface: { kind: 'message', ids: { channel: meta.ch, ts: meta.ts } },
    ...(request.triggerId ? { eventId: request.triggerId } : {}),
  });
  const first = inputs[0];
  if ((!result || result.outcome === 'failed') && first) return errorsOn({ [first]: TRY_AGAIN });
  if (result?.outcome === 'rejected') {
    const errors: Record<string, string> = {};
    for (const [field, text] of Object.entries(result.rejection?.fields ?? {})) {
      const block = fieldBlockId(meta.v, field);
      if (inputs.includes(block)) errors[block] = text;
    }
    if (result.rejection?.message && first)
      errors[first] = [errors[first], result.rejection.message].filter(Boolean).join(' ');
    if (Object.keys(errors).length > 0) return errorsOn(errors);
  }
  await ack({ response_action: 'clear' });
  const where = { tenant: request.tenant, userId: request.userId, channel: meta.ch, ts: meta.ts };
  if (!result) return tellPrivately(deps, where, TRY_AGAIN);
  await showOutcome(deps, where, result);
}
