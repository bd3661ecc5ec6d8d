import type { Activity } from 'botbuilder';
import type { Delivery, Reply, Tenant } from '../../src/conversation/index.js';
import { type AdaptiveCard, CARD_CONTENT_TYPE, card, text } from './cards/adaptive.js';
import type { FileLink } from './cards/plan-card.js';
import { renderCard, type WithFiles } from './cards/render.js';
import { APPROVAL_LINK_DAYS, type FileLinks, PLAN_LINK_DAYS } from './files/links.js';
import type { TenantDirectory } from './tenant-directory.js';

/** A Microsoft Entra object id, as Teams gives `aadObjectId`. */
const ENTRA_ID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;

/** A card as the message Teams posts (or puts in place of an earlier one). */
export function cardMessage(value: AdaptiveCard, id?: string): Partial<Activity> {
  return {
    type: 'message',
    ...(id ? { id } : {}),
    attachments: [{ contentType: CARD_CONTENT_TYPE, content: value }],
  };
}

/** A card of one short message, e.g. a card that now points elsewhere. */
export function noticeCard(message: string, color: 'default' | 'attention' | 'warning' = 'default'): AdaptiveCard {
  return card([text(message, { color })]);
}

/**
 * Deliveries → cards, with links to their files on the host Teams last reached keyplan on (a
 * proactive message has no request of its own to take the host from).
 */
export class DeliveryCards {
  #baseUrl: string | undefined;

  constructor(
    private readonly files: FileLinks,
    private readonly tenants: TenantDirectory,
  ) {}

  /** Keeps the host of an inbound request for links in later proactive messages. */
  reachedAt(baseUrl: string | undefined): void {
    if (baseUrl) this.#baseUrl = baseUrl;
  }

  /** A person as cards name them: their display name once Teams has told keyplan, else their id. */
  nameOf(tenant: Tenant, userId: string): string {
    return this.tenants.nameOf(tenant, userId) ?? userId;
  }

  card(tenant: Tenant, delivery: Delivery, baseUrl = this.#baseUrl): AdaptiveCard {
    return renderCard({
      replies: this.#named(tenant, delivery.replies),
      conversationId: delivery.conversationId,
      stamp: delivery.stamp,
      files: (reply) => this.#links(tenant, reply, baseUrl),
      filesNote: delivery.replies.some((reply) => reply.type === 'audit-report')
        ? 'The report link works for a day.'
        : delivery.replies.some((reply) => reply.type === 'approval-request')
          ? `The report has every key policy: it is what you sign. The links work for ${APPROVAL_LINK_DAYS} days.`
          : `The links work for ${PLAN_LINK_DAYS} days; type **plan** for fresh ones, or **plan json** (any format) in a personal chat with keyplan to save a file to your OneDrive.`,
      nameOf: (userId) => this.tenants.nameOf(tenant, userId),
    });
  }

  /**
   * keyplan's messages name people by the id they act with: in Teams an Entra object id, which
   * nobody reads. Ids of people Teams has told keyplan about are shown as their names.
   */
  #named(tenant: Tenant, replies: readonly Reply[]): Reply[] {
    const name = (value: string) => value.replace(ENTRA_ID, (id) => this.tenants.nameOf(tenant, id) ?? id);
    return replies.map((reply) => {
      if (reply.type === 'message') return { ...reply, text: name(reply.text) };
      if ((reply.type === 'form' || reply.type === 'review') && reply.notice) {
        return { ...reply, notice: name(reply.notice) };
      }
      return reply;
    });
  }

  #links(tenant: Tenant, reply: WithFiles, baseUrl: string | undefined): FileLink[] {
    if (!baseUrl) return [];
    if (reply.type === 'audit-report') return this.files.forContent(baseUrl, reply.attachments);
    if (reply.type === 'approval-request') {
      return this.files.forPlan(baseUrl, tenant, reply.planId, reply.attachments, APPROVAL_LINK_DAYS);
    }
    return reply.planId
      ? this.files.forPlan(baseUrl, tenant, reply.planId, reply.attachments)
      : this.files.forContent(baseUrl, reply.attachments);
  }
}
