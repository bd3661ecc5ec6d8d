import type { ConversationEngine, Tenant } from '../../../../src/conversation/index.js';
import { userOf } from '../../../conversation/drive-engine.js';
import { RETAIL_ANSWERS } from '../../../flows/drive.js';

/** Stores the seed's Example 1 plan for a user of a workspace, through the engine (the interview). */
export async function seedRetailPlan(engine: ConversationEngine, tenant: Tenant, userId: string): Promise<string> {
  const user = userOf(engine, tenant, userId);
  const review = await user.play(await user.open({ fresh: true }), RETAIL_ANSWERS);
  const done = await user.act(review, 'confirm');
  const plan = done.replies.find((reply) => reply.type === 'plan-summary');
  if (done.outcome !== 'finished' || plan?.type !== 'plan-summary' || !plan.planId) {
    throw new Error(`seeding the plan ended ${done.outcome} at ${done.state}`);
  }
  return plan.planId;
}
