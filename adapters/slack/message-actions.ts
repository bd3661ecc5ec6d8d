import { PLAN_STATUS_TEXT, type Tenant } from '../../src/conversation/index.js';
import { EXPORT_CHOICES, filesOf, formatOfAction } from './exports.js';
import { HOME_PLANS, homeView } from './home.js';
import { type InterviewDeps, postPlan } from './interview.js';
import { actionIdOf, messageOf } from './message-blocks.js';
import { readButtonMeta } from './metadata.js';

/**
 * Buttons outside the interview window: a conversation's action in a message (an approval request),
 * the export buttons under a plan, and App Home's.
 */

export interface MessageContext {
  tenant: Tenant;
  userId: string;
  channel: string;
  ts: string;
  /** The thread the message is in (files go there too). */
  threadTs?: string;
}

async function tellPrivately(deps: InterviewDeps, where: MessageContext, text: string): Promise<void> {
  await deps.client.chat.postEphemeral({ channel: where.channel, user: where.userId, text }).catch(() => undefined);
}

/** A conversation's button in a message: the turn's result replaces the message; a refusal is private. */
export async function messageConversationAction(
  deps: InterviewDeps,
  where: MessageContext,
  action: { action_id: string; value?: string },
  triggerId: string | undefined,
): Promise<void> {
  const meta = readButtonMeta(action.value);
  if (!meta) return tellPrivately(deps, where, 'This button is out of date: nothing was changed.');
  let result: Awaited<ReturnType<InterviewDeps['ports']['engine']['act']>>;
  try {
    result = await deps.ports.engine.act({
      tenant: where.tenant,
      actor: { userId: where.userId },
      conversationId: meta.c,
      actionId: actionIdOf(action.action_id),
      stamp: { step: meta.s, version: meta.v },
      surface: { kind: 'message', ids: { channel: where.channel, ts: where.ts } },
      ...(triggerId ? { eventId: triggerId } : {}),
    });
  } catch (error) {
    deps.ports.log(`keyplan: a message action failed: ${(error as Error).message}`);
    return tellPrivately(deps, where, 'keyplan could not do that just now, and nothing was changed. Please try again.');
  }
  const notice = result.replies.find((reply) => reply.type === 'message');
  switch (result.outcome) {
    case 'forbidden':
    case 'failed':
      return tellPrivately(deps, where, notice?.type === 'message' ? notice.text : 'Nothing was changed.');
    case 'duplicate':
      return;
    default: {
      const message = messageOf({
        conversationId: result.conversationId,
        stamp: result.stamp,
        replies: result.replies,
      });
      await deps.client.chat
        .update({ channel: where.channel, ts: where.ts, text: message.text, blocks: message.blocks })
        .catch((error: unknown) => deps.ports.log(`keyplan: chat.update failed: ${(error as Error).message}`));
      if (result.outcome === 'stale' && notice?.type === 'message') await tellPrivately(deps, where, notice.text);
    }
  }
}

/** An export button under a plan: that format in the plan's thread (or the presser's direct messages). */
export async function exportAction(
  deps: InterviewDeps,
  where: MessageContext,
  action: { action_id: string; value?: string },
): Promise<void> {
  const choice = formatOfAction(action.action_id);
  const stored = choice && action.value ? await deps.ports.plans.get(where.tenant, action.value) : undefined;
  if (!choice || !stored) return tellPrivately(deps, where, 'That plan is no longer stored in this workspace.');
  const files = filesOf(stored.summary.attachments, choice);
  if (files.length === 0) {
    return tellPrivately(deps, where, `The plan has no ${choice.button} export: it creates no customer managed key.`);
  }
  try {
    await deps.poster.attach(where.channel, where.threadTs ?? where.ts, files, 'auto');
  } catch {
    // The bot may have been removed from the channel since it posted the plan: send it privately.
    await postPlan(
      deps.poster,
      { userId: where.userId },
      stored.summary,
      PLAN_STATUS_TEXT[stored.listing.status],
      choice.format,
    );
  }
}

/** App Home's "Send me this plan": the plan and its report in the user's direct messages. */
export async function sendPlanToUser(
  deps: InterviewDeps,
  tenant: Tenant,
  userId: string,
  planId: string | undefined,
): Promise<void> {
  const stored = planId ? await deps.ports.plans.get(tenant, planId) : undefined;
  if (!stored) {
    await deps.refreshHome(tenant, userId);
    return;
  }
  await postPlan(
    deps.poster,
    { userId },
    stored.summary,
    PLAN_STATUS_TEXT[stored.listing.status],
    EXPORT_CHOICES[0].format,
  );
}

export async function publishHome(
  deps: Pick<InterviewDeps, 'client' | 'ports'>,
  tenant: Tenant,
  userId: string,
): Promise<void> {
  const plans = await deps.ports.plans.list(tenant, { limit: HOME_PLANS });
  await deps.client.views.publish({ user_id: userId, view: homeView(plans) });
}
