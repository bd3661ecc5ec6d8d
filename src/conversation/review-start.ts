import type { Actor } from '../../flows/flow.js';
import { INTERVIEW_FLOW } from '../../flows/interview.machine.js';
import { KeyplanError } from '../core/errors.js';
import type { ListedPlan, Store, Tenant } from '../store/index.js';
import { record } from './audit-log.js';
import type { SurfaceRef, TurnResult } from './contract.js';
import type { ConversationEngine } from './engine.js';

/** What the reopened interview says first. */
export function reviewNotice(planId: string): string {
  return `Review of ${planId}: your last answers are loaded. Change what has changed, then confirm; keyplan shows what that changes in the plan.`;
}

/** The plan a review starts from: the one named, else the newest approved (the actor's first), else the actor's newest. */
async function planToReview(store: Store, tenant: Tenant, actor: Actor, planId?: string): Promise<ListedPlan> {
  if (planId !== undefined) {
    const [named] = await store.plans.list(tenant, { id: planId, limit: 1 });
    if (!named) {
      throw new KeyplanError('NOT_FOUND', `There is no plan ${planId} in this workspace: \`status\` lists its plans.`);
    }
    return named;
  }
  const candidates = [
    store.plans.list(tenant, { status: 'approved', author: actor.userId, limit: 1 }),
    store.plans.list(tenant, { status: 'approved', limit: 1 }),
    store.plans.list(tenant, { author: actor.userId, limit: 1 }),
  ];
  for (const candidate of candidates) {
    const [plan] = await candidate;
    if (plan) return plan;
  }
  throw new KeyplanError('NOT_FOUND', 'There is no key plan to review yet: start the interview to make one.');
}

/**
 * `/keyplan review [PLAN]` at any time: the interview opens with the answers behind the plan, and on
 * confirm shows what changed against the approved plan. An interview already under way is returned as
 * it is (with a note) rather than replaced, so no answer is lost.
 */
export async function openReview(
  engine: ConversationEngine,
  store: Store,
  request: { tenant: Tenant; actor: Actor; planId?: string; surface?: SurfaceRef },
): Promise<TurnResult> {
  const { tenant, actor } = request;
  const plan = await planToReview(store, tenant, actor, request.planId);
  const profile = await store.profiles.get(tenant, plan.profileId, plan.profileVersion);
  if (!profile) throw new KeyplanError('NOT_FOUND', `The answers behind ${plan.id} are no longer stored.`);
  const surface = request.surface ? { surface: request.surface } : {};
  // An input would replace the interview under way: resume that one instead, and say why.
  if (await store.conversations.latestActive(tenant, actor.userId, INTERVIEW_FLOW)) {
    const result = await engine.open({ tenant, actor, flow: INTERVIEW_FLOW, ...surface });
    const note = `You have an interview under way; finish or cancel it first, then start the review of ${plan.id} again.`;
    return { ...result, replies: [{ type: 'message', tone: 'warning', text: note }, ...result.replies] };
  }
  const result = await engine.open({
    tenant,
    actor,
    flow: INTERVIEW_FLOW,
    input: { profile: profile.answers, notice: reviewNotice(plan.id) },
    ...surface,
  });
  await store.withLock(tenant, 'reviews', (tx) =>
    record(tx, tenant, { actor: actor.userId, kind: 'review.started', subject: plan.id, data: { from: 'command' } }),
  );
  return result;
}
