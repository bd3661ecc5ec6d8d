import type { TurnContext } from 'botbuilder';
import { APPROVAL_FLOW, type Reply, type Tenant, type TurnResult } from '../../src/conversation/index.js';
import { KeyplanError } from '../../src/core/index.js';
import type { ActionRef } from './cards/action-data.js';
import type { AdaptiveCard } from './cards/adaptive.js';
import { decisionText } from './cards/approval-card.js';
import { cardMessage, type DeliveryCards } from './deliveries.js';
import { actorOf, FORBIDDEN_TEXT, type Inbound, type TeamsPorts } from './ports.js';
import { referenceOf, surfaceOf } from './surfaces.js';

/**
 * What a press comes to: a card shown in place of the pressed one (to everyone in the chat, or only
 * to the presser, as the invoke's answer), or a message only the presser sees.
 */
export type PressAnswer =
  | { kind: 'card'; card: AdaptiveCard; audience: 'everyone' | 'presser' }
  | { kind: 'message'; text: string };

export function textOf(result: TurnResult): string {
  return result.replies
    .map((reply) => (reply.type === 'message' ? reply.text : ''))
    .join(' ')
    .trim();
}

/**
 * Card buttons of any flow: the action id and the stamp the card carried go to the engine, with the
 * presser's roles as the workspace names them at this moment; the outcome decides what who sees.
 */
export class CardPresses {
  constructor(
    private readonly ports: TeamsPorts,
    private readonly cards: DeliveryCards,
  ) {}

  async press(
    context: TurnContext,
    tenant: Tenant,
    ref: ActionRef,
    values: Record<string, unknown>,
    inbound: Inbound,
  ): Promise<PressAnswer> {
    const { activity } = context;
    const actor = actorOf(activity);
    const replyToId = activity.replyToId;
    let result: TurnResult;
    try {
      // Approver groups would need Microsoft Graph: in Teams only approvers named as users match.
      const roles = await this.ports.workspaces.rolesOf(tenant, actor.userId, async () => false);
      result = await this.ports.engine.act({
        tenant,
        actor: { ...actor, roles },
        conversationId: ref.conversationId,
        actionId: ref.actionId,
        stamp: { step: ref.step, version: ref.version },
        values,
        ...(activity.id ? { eventId: activity.id } : {}),
        ...(replyToId ? { surface: surfaceOf(referenceOf(activity), replyToId) } : {}),
      });
    } catch (error) {
      if (error instanceof KeyplanError && error.code === 'NOT_FOUND') {
        return {
          kind: 'message',
          text: 'That conversation is not kept here any more. Type **start** to begin a new one.',
        };
      }
      if (error instanceof KeyplanError && error.code === 'USAGE') return { kind: 'message', text: error.message };
      throw error;
    }
    return result.flow === APPROVAL_FLOW
      ? this.#approval(tenant, result, inbound)
      : this.#interview(tenant, result, inbound);
  }

  /** Puts a card in place of the pressed one for everyone in the chat (the presser gets it at once). */
  async replace(context: TurnContext, card: AdaptiveCard): Promise<boolean> {
    const id = context.activity.replyToId;
    if (!id) return false;
    try {
      await context.updateActivity(cardMessage(card, id));
      return true;
    } catch (error) {
      this.ports.log(`keyplan teams: the card could not be updated in place: ${(error as Error).message}`);
      return false;
    }
  }

  #interview(tenant: Tenant, result: TurnResult, inbound: Inbound): PressAnswer {
    switch (result.outcome) {
      case 'forbidden':
        return { kind: 'message', text: FORBIDDEN_TEXT };
      case 'failed':
        return { kind: 'message', text: textOf(result) };
      default:
        // applied, finished, rejected (errors on their inputs), stale and duplicate (the current card).
        return { kind: 'card', card: this.cards.card(tenant, result, inbound.baseUrl), audience: 'everyone' };
    }
  }

  /**
   * An approval button: a decision (or one approval of two) is shown to everyone in the channel; a
   * refusal, a missing reason and a late or outdated click are answered to the presser alone.
   */
  #approval(tenant: Tenant, result: TurnResult, inbound: Inbound): PressAnswer {
    const card = (replies: Reply[]) =>
      this.cards.card(tenant, { conversationId: result.conversationId, stamp: result.stamp, replies }, inbound.baseUrl);
    switch (result.outcome) {
      case 'applied':
      case 'finished':
        return { kind: 'card', card: card(result.replies), audience: 'everyone' };
      case 'forbidden':
      case 'failed':
        // The engine says why (the requester, or not an approver), in words for approvals.
        return { kind: 'message', text: textOf(result) };
      case 'rejected': {
        const fields = Object.keys(result.rejection?.fields ?? {});
        if (fields.length === 0) return { kind: 'message', text: result.rejection?.message ?? textOf(result) };
        return { kind: 'card', card: card(result.replies), audience: 'presser' };
      }
      case 'duplicate':
        // Teams delivered the same press again: it was applied once; show the request as it is.
        return { kind: 'card', card: card(result.replies), audience: 'presser' };
      case 'stale': {
        const request = result.replies.find((reply) => reply.type === 'approval-request');
        if (request?.type !== 'approval-request') return { kind: 'message', text: textOf(result) };
        const note = request.decision
          ? `${decisionText(request.decision, (id) => this.cards.nameOf(tenant, id))} Your click changed nothing.`
          : 'That card was out of date, so your click changed nothing. This is the request as it stands now.';
        return {
          kind: 'card',
          card: card([{ type: 'message', tone: 'warning', text: note }, request]),
          audience: 'presser',
        };
      }
    }
  }
}
