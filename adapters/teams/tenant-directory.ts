import type { Activity } from 'botbuilder';
import type { Tenant } from '../../src/conversation/index.js';

/** Teams' global service URL, for proactive messages to a tenant keyplan has not heard from yet. */
export const DEFAULT_SERVICE_URL = 'https://smba.trafficmanager.net/teams/';

interface Person {
  /** The Teams id the connector expects for them (`29:…`). */
  teamsId: string;
  name?: string;
}

interface Known {
  serviceUrl: string;
  botId: string;
  /** Actor id (Entra object id) → how Teams addresses and names them. */
  people: Map<string, Person>;
}

/**
 * What inbound activities teach about a tenant: its regional service URL, the bot's id there, and
 * the Teams ids and names of the people who wrote. Proactive messages to a user or channel (approvals,
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
      people: new Map<string, Person>(),
    };
    known.serviceUrl = activity.serviceUrl;
    known.botId = activity.recipient.id;
    const from = activity.from;
    if (from?.id && from.aadObjectId) this.#remember(known, from.aadObjectId, from.id, from.name);
    this.#tenants.set(tenant.workspace, known);
  }

  /** A person Teams told keyplan about otherwise (a mention, a member lookup). */
  learnPerson(tenant: Tenant, aadObjectId: string, teamsId: string, name?: string): void {
    const known = this.#tenants.get(tenant.workspace);
    if (known) this.#remember(known, aadObjectId, teamsId, name);
  }

  #remember(known: Known, aadObjectId: string, teamsId: string, name: string | undefined): void {
    const before = known.people.get(aadObjectId);
    const kept = name?.trim() || before?.name;
    known.people.set(aadObjectId, { teamsId, ...(kept ? { name: kept } : {}) });
  }

  serviceUrl(tenant: Tenant): string {
    return this.#tenants.get(tenant.workspace)?.serviceUrl ?? DEFAULT_SERVICE_URL;
  }

  botId(tenant: Tenant): string | undefined {
    return this.#tenants.get(tenant.workspace)?.botId ?? (this.appId ? `28:${this.appId}` : undefined);
  }

  /** The id to address a user by: their Teams id when known, else the id given. */
  userId(tenant: Tenant, actorId: string): string {
    return this.#tenants.get(tenant.workspace)?.people.get(actorId)?.teamsId ?? actorId;
  }

  /** A person's display name as Teams last gave it, if keyplan has heard of them since it started. */
  nameOf(tenant: Tenant, actorId: string): string | undefined {
    return this.#tenants.get(tenant.workspace)?.people.get(actorId)?.name;
  }

  /** The Entra object id of someone known by their Teams id (`29:…`). */
  actorIdOf(tenant: Tenant, teamsId: string): string | undefined {
    for (const [actorId, person] of this.#tenants.get(tenant.workspace)?.people ?? []) {
      if (person.teamsId === teamsId) return actorId;
    }
    return undefined;
  }
}
