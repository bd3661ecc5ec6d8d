import { randomUUID } from 'node:crypto';
import {
  type ActRequest,
  actionsOf,
  type ConversationEngine,
  INTERVIEW_FLOW,
  type Tenant,
  type TurnResult,
} from '../../src/conversation/index.js';
import type { AdapterDriver, Seen } from './adapter-contract.js';

/** What an adapter would show of a turn: its outcome, its state, the buttons and the field errors. */
export function seenOf(result: TurnResult): Seen {
  const errors: Record<string, string> = {};
  for (const reply of result.replies) {
    if (reply.type !== 'form') continue;
    for (const field of reply.fields) if (field.error) errors[field.id] = field.error;
  }
  return {
    outcome: result.outcome,
    conversationId: result.conversationId,
    state: result.state,
    actionIds: actionsOf(result.replies).map((action) => action.id),
    errors,
  };
}

/**
 * The reference driver: the engine itself, no platform in between. Stamps are kept per conversation
 * as the adapter would keep them in the view it rendered (Slack's private_metadata, a card's data).
 */
export function engineDriver(engine: ConversationEngine, close: () => Promise<void>): AdapterDriver {
  const tenant: Tenant = { platform: 'slack', workspace: `T-${randomUUID()}` };
  const shown = new WeakMap<Seen, TurnResult>();
  let last: ActRequest | undefined;
  const see = (result: TurnResult) => {
    const seen = seenOf(result);
    shown.set(seen, result);
    return seen;
  };
  return {
    async open(userId) {
      return see(await engine.open({ tenant, actor: { userId }, flow: INTERVIEW_FLOW }));
    },
    async press(userId, seen, actionId, values) {
      const result = shown.get(seen);
      if (!result?.stamp) throw new Error('pressed a view that had no stamp');
      last = {
        tenant,
        actor: { userId },
        conversationId: result.conversationId,
        actionId,
        stamp: result.stamp,
        eventId: randomUUID(),
        ...(values ? { values } : {}),
      };
      return see(await engine.act(last));
    },
    async redeliver() {
      if (!last) throw new Error('nothing was delivered yet');
      return see(await engine.act(last));
    },
    close,
  };
}
