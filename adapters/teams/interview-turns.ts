import type { TurnContext } from 'botbuilder';
import { INTERVIEW_FLOW, type Tenant, type TurnResult } from '../../src/conversation/index.js';
import { KeyplanError } from '../../src/core/index.js';
import type { Background } from './background.js';
import type { ActionRef } from './cards/action-data.js';
import type { AdaptiveCard } from './cards/adaptive.js';
import { cardMessage, type DeliveryCards, noticeCard } from './deliveries.js';
import { actorOf, FORBIDDEN_TEXT, type Inbound, type TeamsPorts } from './ports.js';
import type { TeamsReplySink } from './reply-sink.js';
import { readSurface, referenceOf, surfaceOf } from './surfaces.js';

/** What a press comes to: the card to show in place of the pressed one, or a message to the presser. */
export type PressAnswer = { kind: 'card'; card: AdaptiveCard } | { kind: 'message'; text: string };

function textOf(result: TurnResult): string {
  return result.replies
    .map((reply) => (reply.type === 'message' ? reply.text : ''))
    .join(' ')
    .trim();
}

/**
 * The interview in Teams: `start` posts its card and remembers where; every press goes to the engine
 * with the action id and the stamp the card carried, and the outcome decides what the person sees.
 */
export class InterviewTurns {
  constructor(
    private readonly ports: TeamsPorts,
    private readonly cards: DeliveryCards,
    private readonly sink: TeamsReplySink,
    private readonly background: Background,
  ) {}

  /** Opens (or resumes) the person's interview as a new card here; a card shown elsewhere points here. */
  async start(context: TurnContext, tenant: Tenant, fresh: boolean, inbound: Inbound): Promise<void> {
    const { activity } = context;
    const result = await this.ports.engine.open({
      tenant,
      actor: actorOf(activity),
      flow: INTERVIEW_FLOW,
      ...(fresh ? { fresh: true } : {}),
    });
    if (result.outcome === 'failed') {
      await context.sendActivity(textOf(result));
      return;
    }
    const sent = await context.sendActivity(cardMessage(this.cards.card(tenant, result, inbound.baseUrl)));
    if (!sent?.id) return;
    await this.ports.engine.recordSurface(tenant, result.conversationId, surfaceOf(referenceOf(activity), sent.id));
    const previous = result.resumed ? readSurface(result.surface) : undefined;
    if (previous && previous.activityId !== sent.id) {
      // One live card per interview: the one shown before now says where it went.
      this.background.run('marking the earlier interview card', () =>
        this.sink.updateAt(
          previous.reference,
          previous.activityId,
          noticeCard('Your interview continues in a newer message. This card no longer takes answers.'),
        ),
      );
    }
  }

  /** A button of an interview card, pressed (an `Action.Execute` invoke or an `Action.Submit` message). */
  async press(
    context: TurnContext,
    tenant: Tenant,
    ref: ActionRef,
    values: Record<string, unknown>,
    inbound: Inbound,
  ): Promise<PressAnswer> {
    const { activity } = context;
    const replyToId = activity.replyToId;
    let result: TurnResult;
    try {
      result = await this.ports.engine.act({
        tenant,
        actor: actorOf(activity),
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
          text: 'That interview is not kept here any more. Type **start** to begin a new one.',
        };
      }
      if (error instanceof KeyplanError && error.code === 'USAGE') return { kind: 'message', text: error.message };
      throw error;
    }
    switch (result.outcome) {
      case 'forbidden':
        return { kind: 'message', text: FORBIDDEN_TEXT };
      case 'failed':
        return { kind: 'message', text: textOf(result) };
      default:
        // applied, finished, rejected (errors on their inputs), stale and duplicate (the current card).
        return { kind: 'card', card: this.cards.card(tenant, result, inbound.baseUrl) };
    }
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
}
