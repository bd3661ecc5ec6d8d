import type { TurnContext } from 'botbuilder';
import { INTERVIEW_FLOW, type Tenant } from '../../src/conversation/index.js';
import type { Background } from './background.js';
import { cardMessage, type DeliveryCards, noticeCard } from './deliveries.js';
import { actorOf, type Inbound, type TeamsPorts } from './ports.js';
import { textOf } from './presses.js';
import type { TeamsReplySink } from './reply-sink.js';
import { readSurface, referenceOf, surfaceOf } from './surfaces.js';

/** The interview in Teams: `start` posts its card and remembers where (presses: see presses.ts). */
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
}
