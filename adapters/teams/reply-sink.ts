import { type Activity, type CloudAdapter, type ConversationParameters, TurnContext } from 'botbuilder';
import type { Delivery, Recipient, ReplySink, SurfaceRef, Tenant } from '../../src/conversation/index.js';
import { KeyplanError } from '../../src/core/index.js';
import type { AdaptiveCard } from './cards/adaptive.js';
import { cardMessage, type DeliveryCards } from './deliveries.js';
import { asConversationReference, readSurface, referenceOf, surfaceOf, type TeamsReference } from './surfaces.js';
import type { TenantDirectory } from './tenant-directory.js';

/** The audience of Bot Framework tokens in the public cloud. */
const CHANNEL_AUDIENCE = 'https://api.botframework.com';

/**
 * The outbound port for Teams: approvals, reminders and the engine reach people outside a request
 * through conversation references kept on surfaces, or by opening a personal chat or a channel thread.
 */
export class TeamsReplySink implements ReplySink {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string | undefined,
    private readonly cards: DeliveryCards,
    private readonly tenants: TenantDirectory,
  ) {}

  async post(tenant: Tenant, to: Recipient, delivery: Delivery): Promise<SurfaceRef> {
    const card = this.cards.card(tenant, delivery);
    switch (to.kind) {
      case 'surface':
        return this.sendTo(this.#surface(to.surface).reference, card);
      case 'user':
        return this.#open(
          tenant,
          { isGroup: false, members: [{ id: this.tenants.userId(tenant, to.userId), name: '' }] },
          card,
        );
      case 'channel':
        if (!isTeamChannel(to.channelId)) return this.sendTo(this.#chat(tenant, to.channelId), card);
        return this.#open(tenant, { isGroup: true, channelData: { channel: { id: to.channelId } } }, card);
    }
  }

  async update(tenant: Tenant, at: SurfaceRef, delivery: Delivery): Promise<void> {
    const { reference, activityId } = this.#surface(at);
    await this.updateAt(reference, activityId, this.cards.card(tenant, delivery));
  }

  /** Posts a card where a reference points; returns where it landed. */
  async sendTo(reference: TeamsReference, card: AdaptiveCard): Promise<SurfaceRef> {
    let posted: SurfaceRef | undefined;
    await this.adapter.continueConversationAsync(
      this.appId ?? '',
      asConversationReference(reference),
      async (context) => {
        posted = surfaceOf(reference, await postNew(context, cardMessage(card)));
      },
    );
    if (!posted) throw new KeyplanError('INTERNAL', 'Teams did not say where the message was posted');
    return posted;
  }

  /** Replaces the card of a message that a reference's conversation holds. */
  async updateAt(reference: TeamsReference, activityId: string, card: AdaptiveCard): Promise<void> {
    await this.adapter.continueConversationAsync(
      this.appId ?? '',
      asConversationReference(reference),
      async (context) => {
        await context.updateActivity(cardMessage(card, activityId));
      },
    );
  }

  /** A group chat (a security "channel" that is a chat) as a reference to post into. */
  #chat(tenant: Tenant, conversationId: string): TeamsReference {
    const botId = this.tenants.botId(tenant);
    if (!botId) {
      throw new KeyplanError(
        'CONFIG_INVALID',
        `keyplan cannot post to Teams chat ${conversationId}: it has no MicrosoftAppId and has not heard from tenant ${tenant.workspace} since it started`,
      );
    }
    return {
      channelId: 'msteams',
      serviceUrl: this.tenants.serviceUrl(tenant),
      conversation: { id: conversationId, tenantId: tenant.workspace, isGroup: true },
      bot: { id: botId, name: 'keyplan' },
    };
  }

  #surface(surface: SurfaceRef) {
    const read = readSurface(surface);
    if (!read) throw new KeyplanError('USAGE', `surface ${surface.kind} is not a Teams message keyplan can reach`);
    return read;
  }

  /** Opens a personal chat (then posts) or a channel thread (posted as it is created). */
  async #open(
    tenant: Tenant,
    parameters: Pick<ConversationParameters, 'isGroup'> &
      Partial<Pick<ConversationParameters, 'members' | 'channelData'>>,
    card: AdaptiveCard,
  ): Promise<SurfaceRef> {
    const botId = this.tenants.botId(tenant);
    if (!botId) {
      throw new KeyplanError(
        'CONFIG_INVALID',
        `keyplan cannot open a Teams chat in tenant ${tenant.workspace}: it has no MicrosoftAppId and has not heard from that tenant since it started`,
      );
    }
    const isChannel = parameters.isGroup === true;
    const message = cardMessage(card);
    const full = {
      ...parameters,
      bot: { id: botId, name: 'keyplan' },
      tenantId: tenant.workspace,
      channelData: { ...(parameters.channelData as object | undefined), tenant: { id: tenant.workspace } },
      ...(isChannel ? { activity: message } : {}),
    } as ConversationParameters;
    let posted: SurfaceRef | undefined;
    await this.adapter.createConversationAsync(
      this.appId ?? '',
      'msteams',
      this.tenants.serviceUrl(tenant),
      CHANNEL_AUDIENCE,
      full,
      async (context) => {
        const reference = referenceOf({
          ...context.activity,
          recipient: { id: botId, name: 'keyplan' },
          conversation: { ...context.activity.conversation, tenantId: tenant.workspace },
        });
        if (isChannel) {
          // A channel thread's conversation id ends in `;messageid=<id of its first message>`.
          const root = /;messageid=([^;]+)$/.exec(context.activity.conversation.id)?.[1] ?? '';
          posted = surfaceOf(reference, root);
          return;
        }
        posted = surfaceOf(reference, await postNew(context, message));
      },
    );
    if (!posted) throw new KeyplanError('INTERNAL', 'Teams did not open the conversation');
    return posted;
  }
}

/**
 * Whether a conversation id is a team's channel (a new thread is started there) rather than a group
 * chat (posted into): Teams names channels `…@thread.tacv2` (`…@thread.skype` before 2020).
 */
export function isTeamChannel(conversationId: string): boolean {
  return /@thread\.(tacv2|skype)$/i.test(conversationId);
}

/**
 * Posts a new message into the turn's conversation. A proactive turn has a made-up activity id that
 * TurnContext would answer as a reply to; a proactive message answers nothing.
 */
async function postNew(context: TurnContext, message: Partial<Activity>): Promise<string> {
  const outgoing = TurnContext.applyConversationReference(
    { ...message },
    TurnContext.getConversationReference(context.activity),
  );
  delete outgoing.replyToId;
  const [sent] = await context.adapter.sendActivities(context, [outgoing]);
  return sent?.id ?? '';
}
