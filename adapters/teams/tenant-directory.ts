import type { Activity } from 'botbuilder';
import type { Tenant } from '../../src/conversation/index.js';

/** Teams' global service URL, for proactive messages to a tenant keyplan has not heard from yet. */
export const DEFAULT_SERVICE_URL = 'https://smba.trafficmanager.net/teams/';

interface Known {
  serviceUrl: string;
  botId: string;
  /** Actor id (Entra object id) → the Teams id the connector expects for that user. */
  users: Map<string, string>;
}

/**
 * What inbound activities teach about a tenant: its regional service URL, the bot's id there, and
 * the Teams ids of the people who wrote. Proactive messages to a user or channel (approvals,
 * reminders) need them; after a restart the defaults serve until someone writes again.
 */
export class TenantDirectory {
  readonly #tenants = new Map<string, Known>();

  constructor(private readonly appId: string | undefined) {}

  learn(tenant: Tenant, activity: Partial<Activity>): void {
    if (!activity.serviceUrl || !activity.recipient?.id) return;
    const known = this.#tenants.get(tenant.workspace) ?? {
      serviceUrl: activity.serviceUrl,
      botId: activity.recipient.id,
      users: new Map<string, string>(),
    };
    known.serviceUrl = activity.serviceUrl;
    known.botId = activity.recipient.id;
    const from = activity.from;
    if (from?.id && from.aadObjectId) known.users.set(from.aadObjectId, from.id);
    this.#tenants.set(tenant.workspace, known);
  }

  serviceUrl(tenant: Tenant): string {
    return this.#tenants.get(tenant.workspace)?.serviceUrl ?? DEFAULT_SERVICE_URL;
  }

  botId(tenant: Tenant): string | undefined {
    return this.#tenants.get(tenant.workspace)?.botId ?? (this.appId ? `28:${this.appId}` : undefined);
  }

  /** The id to address a user by: their Teams id when known, else the id given. */
  userId(tenant: Tenant, actorId: string): string {
    return this.#tenants.get(tenant.workspace)?.users.get(actorId) ?? actorId;
  }
}
