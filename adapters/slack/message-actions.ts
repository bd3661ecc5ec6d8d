import { PLAN_STATUS_TEXT, type Tenant } from '../../src/conversation/index.js';
import { type MessageContext, tellPrivately } from './conversation-buttons.js';
import { EXPORT_CHOICES, filesOf, formatOfAction } from './exports.js';
import { HOME_PLANS, homeView } from './home.js';
import { type InterviewDeps, postPlan } from './interview.js';

/** Buttons outside the interview window: the export buttons under a plan, and App Home's. */

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
