import type { InterviewEvent } from '../../flows/interview.machine.js';
import {
  type ActRequest,
  actionsOf,
  type ConversationEngine,
  INTERVIEW_FLOW,
  type Tenant,
  type TurnResult,
} from '../../src/conversation/index.js';

/** The action of a view that sends this interview event, as a user's click would pick it. */
export function actionFor(
  result: TurnResult,
  event: InterviewEvent,
): { actionId: string; values?: Record<string, unknown> } {
  const actions = actionsOf(result.replies);
  if (event.type === 'SUBMIT') {
    const id = event.addAnother ? 'add-another' : 'next';
    if (!actions.some((a) => a.id === id)) throw new Error(`the view offers no ${id} action (state ${result.state})`);
    return { actionId: id, values: event.values };
  }
  const action = actions.find((a) => JSON.stringify(a.event) === JSON.stringify(event));
  if (!action) throw new Error(`the view offers no action sending ${JSON.stringify(event)} (state ${result.state})`);
  return { actionId: action.id };
}

/** A user of one workspace talking to the engine the way an adapter would: actions by id, with stamps. */
export function userOf(engine: ConversationEngine, tenant: Tenant, userId: string) {
  return {
    open: (options: { fresh?: boolean; input?: unknown; conversationId?: string } = {}) =>
      engine.open({ tenant, actor: { userId }, flow: INTERVIEW_FLOW, ...options }),
    act: (on: TurnResult, actionId: string, extra: Partial<ActRequest> = {}) => {
      if (!on.stamp) throw new Error(`the result has no stamp (outcome ${on.outcome})`);
      return engine.act({
        tenant,
        actor: { userId },
        conversationId: on.conversationId,
        actionId,
        stamp: on.stamp,
        ...extra,
      });
    },
    /** Sends interview events one by one, each through the action the current view offers for it. */
    async play(from: TurnResult, events: readonly InterviewEvent[]): Promise<TurnResult> {
      let result = from;
      for (const event of events) {
        const { actionId, values } = actionFor(result, event);
        result = await this.act(result, actionId, values ? { values } : {});
      }
      return result;
    },
  };
}
