import type { Activity, ConversationAccount, ConversationReference } from 'botbuilder';
import { z } from 'zod';
import type { SurfaceRef, Tenant } from '../../src/conversation/index.js';

/**
 * Where a conversation is shown in Teams, kept through the contract's surfaces: the conversation
 * reference (enough for a proactive message, from any replica, after a restart) and the id of the
 * card's message, so a later turn updates that card in place.
 */
const ReferenceSchema = z.object({
  channelId: z.string().min(1),
  serviceUrl: z.string().min(1),
  conversation: z.object({
    id: z.string().min(1),
    tenantId: z.string().optional(),
    conversationType: z.string().optional(),
    isGroup: z.boolean().optional(),
  }),
  bot: z.object({ id: z.string().min(1), name: z.string().optional() }),
  locale: z.string().optional(),
});
export type TeamsReference = z.infer<typeof ReferenceSchema>;

/** The parts of an inbound activity a proactive message needs, and nothing about the user or the text. */
export function referenceOf(activity: Partial<Activity>): TeamsReference {
  const conversation = activity.conversation;
  return ReferenceSchema.parse({
    channelId: activity.channelId,
    serviceUrl: activity.serviceUrl,
    conversation: {
      id: conversation?.id,
      ...(conversation?.tenantId ? { tenantId: conversation.tenantId } : {}),
      ...(conversation?.conversationType ? { conversationType: conversation.conversationType } : {}),
      ...(conversation?.isGroup !== undefined ? { isGroup: conversation.isGroup } : {}),
    },
    bot: { id: activity.recipient?.id, ...(activity.recipient?.name ? { name: activity.recipient.name } : {}) },
    ...(activity.locale ? { locale: activity.locale } : {}),
  });
}

export function surfaceOf(reference: TeamsReference, activityId: string): SurfaceRef {
  return { kind: 'message', ids: { reference: JSON.stringify(reference), activityId } };
}

/** A stored surface back as a reference and a message id; undefined when it is not a Teams message. */
export function readSurface(
  surface: SurfaceRef | null | undefined,
): { reference: TeamsReference; activityId: string } | undefined {
  if (surface?.kind !== 'message') return undefined;
  const { reference, activityId } = surface.ids;
  if (!reference || !activityId) return undefined;
  try {
    const parsed = ReferenceSchema.safeParse(JSON.parse(reference));
    return parsed.success ? { reference: parsed.data, activityId } : undefined;
  } catch {
    return undefined;
  }
}

export function asConversationReference(reference: TeamsReference): Partial<ConversationReference> {
  // botbuilder's types call every account field required; the connector needs only these.
  return {
    ...reference,
    conversation: reference.conversation as ConversationAccount,
    bot: { id: reference.bot.id, name: reference.bot.name ?? '' },
  };
}

/** The Teams tenant an activity comes from: the tenant of the keyplan workspace it acts in. */
export function tenantOf(activity: Partial<Activity>): Tenant | undefined {
  const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const id = activity.conversation?.tenantId ?? channelData?.tenant?.id;
  return typeof id === 'string' && id.trim() !== '' ? { platform: 'teams', workspace: id.trim() } : undefined;
}

/** Personal chat, group chat or channel, as Teams names the conversation's type. */
export function scopeOf(activity: Partial<Activity>): 'personal' | 'groupChat' | 'channel' {
  const type = activity.conversation?.conversationType;
  if (type === 'channel') return 'channel';
  if (type === 'groupChat' || activity.conversation?.isGroup) return 'groupChat';
  return 'personal';
}
