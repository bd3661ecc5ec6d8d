import { expect } from 'vitest';
import type { TurnResult } from '../../src/conversation/index.js';
import { buttonsIn, errorsIn, type Json } from '../adapters/teams/card-reader.js';
import { personalChat, teamsHarness } from '../adapters/teams/harness.js';
import { type AdapterDriver, adapterContract, type Seen } from './adapter-contract.js';

/**
 * The contract through Teams: `start` typed as a Teams message activity and every press as the
 * `adaptiveCard/action` invoke Teams sends (the button's data merged with the inputs' values), over
 * real HTTP into keyplan serve, with a loopback connector taking the cards the bot posts. What the
 * user sees (buttons, errors) is read from the cards; the outcome and state from the engine's result.
 */
adapterContract('teams (Adaptive Cards over HTTP)', async (): Promise<AdapterDriver> => {
  const harness = await teamsHarness();
  const shown = new WeakMap<Seen, { card: Json; activityId: string; userId: string }>();
  let last: Json | undefined;

  const lastResult = (before: number): TurnResult => {
    const result = harness.engine.results.at(-1);
    if (!result || harness.engine.results.length === before) throw new Error('the press reached no engine turn');
    return result;
  };

  const see = (result: TurnResult, card: Json | undefined, activityId: string, userId: string): Seen => {
    const seen: Seen = {
      outcome: result.outcome,
      conversationId: result.conversationId,
      state: result.state,
      actionIds: card ? buttonsIn(card).map((button) => button.actionId) : [],
      errors: card ? errorsIn(card) : {},
    };
    if (card) shown.set(seen, { card, activityId, userId });
    return seen;
  };

  const deliver = async (activity: Json, userId: string, activityId: string): Promise<Seen> => {
    const before = harness.engine.results.length;
    const answer = await harness.post('/api/messages', JSON.stringify(activity));
    expect(answer.status).toBe(200);
    const body = answer.body as Json;
    const card = body.type === 'application/vnd.microsoft.card.adaptive' ? (body.value as Json) : undefined;
    return see(lastResult(before), card, activityId, userId);
  };

  return {
    async open(userId) {
      const before = harness.engine.results.length;
      const answer = await harness.say(userId, personalChat(userId), 'start');
      expect(answer.status).toBe(200);
      const { card, activityId } = harness.lastCard();
      return see(lastResult(before), card, activityId, userId);
    },
    async press(userId, seen, actionId, values) {
      const at = shown.get(seen);
      if (!at) throw new Error('pressed a view that showed no card');
      const button = buttonsIn(at.card).find((candidate) => candidate.actionId === actionId);
      if (!button) throw new Error(`the card shows no button for ${actionId}`);
      last = harness.invokeActivity(userId, personalChat(at.userId), at.card, at.activityId, button, values);
      return deliver(last, userId, at.activityId);
    },
    async redeliver() {
      if (!last) throw new Error('nothing was delivered yet');
      return deliver(last, String((last.from as Json).aadObjectId), String(last.replyToId));
    },
    close: () => harness.close(),
  };
});
