import type { DatabaseLimits } from '../config.js';

/** The store's public contract. Other modules code against these names; keep them stable. */

export interface Tenant {
  platform: 'console' | 'slack' | 'teams';
  workspace: string;
}

export type ConversationStatus = 'active' | 'done' | 'cancelled';

export interface ConversationRecord {
  tenant: Tenant;
  id: string;
  userId: string;
  flow: string;
  machineVersion: number;
  snapshot: unknown;
  status: ConversationStatus;
  version: number;
  /**
   * Where the conversation is shown (a modal's view id, a message's ts, a Teams conversation reference):
   * plain JSON the conversation layer validates; null until a platform reported one.
   */
  surface: unknown;
  createdAt: string;
  updatedAt: string;
}

/** What a caller supplies; the store sets the version and the timestamps. */
export type NewConversation = Omit<ConversationRecord, 'version' | 'createdAt' | 'updatedAt' | 'surface'> & {
  surface?: unknown;
};

/** What a save changes; `surface` left out keeps the stored one. */
export interface ConversationPatch {
  snapshot: unknown;
  status: ConversationStatus;
  machineVersion: number;
  surface?: unknown;
}

export interface ConversationRepository {
  get(tenant: Tenant, id: string): Promise<ConversationRecord | undefined>;
  /** Inserts at version 1; KeyplanError('STORE_CONFLICT') if that id exists for the tenant. */
  create(input: NewConversation): Promise<ConversationRecord>;
  /**
   * Optimistic concurrency: writes only when the stored version equals expectedVersion, then version+1;
   * else STORE_CONFLICT. NOT_FOUND when the tenant has no conversation with that id.
   */
  save(tenant: Tenant, id: string, expectedVersion: number, patch: ConversationPatch): Promise<ConversationRecord>;
  /** The active conversation of this user in this flow that was updated last (for "resume"). */
  latestActive(tenant: Tenant, userId: string, flow: string): Promise<ConversationRecord | undefined>;
  /** Active conversations of a flow, oldest first: one tenant's, or every tenant's (sweeps such as expiry). */
  listActive(flow: string, options?: { tenant?: Tenant; limit?: number }): Promise<ConversationRecord[]>;
}

export interface ProfileVersion {
  tenant: Tenant;
  profileId: string;
  version: number;
  answers: unknown;
  author: string;
  createdAt: string;
}

export interface ProfileRepository {
  /** Appends the next version (1, 2, …) atomically; returns it. */
  saveVersion(tenant: Tenant, profileId: string, answers: unknown, author: string): Promise<ProfileVersion>;
  latest(tenant: Tenant, profileId: string): Promise<ProfileVersion | undefined>;
  get(tenant: Tenant, profileId: string, version: number): Promise<ProfileVersion | undefined>;
  /** Every version, oldest first. */
  history(tenant: Tenant, profileId: string): Promise<Omit<ProfileVersion, 'answers'>[]>;
}

export type PlanStatus = 'draft' | 'pending' | 'approved' | 'changes-requested' | 'rejected' | 'superseded' | 'expired';

export type NewPlan = Omit<PlanRecord, 'createdAt' | 'updatedAt' | 'approval'>;

export interface PlanRecord {
  tenant: Tenant;
  id: string;
  profileId: string;
  profileVersion: number;
  plan: unknown;
  status: PlanStatus;
  /** Who decided on the plan, when, and the content hash they saw: JSON the approval flow validates; null before. */
  approval: unknown;
  createdAt: string;
  updatedAt: string;
}

/** A plan as listed: the record and who answered the interview it came from. */
export type ListedPlan = PlanRecord & { author: string };

export interface PlanRepository {
  /**
   * Inserts a new plan. A stored plan's content never changes (an approval refers to it), so an existing id
   * is STORE_CONFLICT; the profile version it was made from must exist (else NOT_FOUND).
   */
  save(input: NewPlan): Promise<PlanRecord>;
  get(tenant: Tenant, id: string): Promise<PlanRecord | undefined>;
  /** The plan of the highest profile version; among plans of that version, the newest. */
  latestForProfile(tenant: Tenant, profileId: string): Promise<PlanRecord | undefined>;
  /**
   * The tenant's plans, newest first, each with the author of the profile version it was made from;
   * only that author's when `author` is given, only the plan `id` when that is given.
   */
  list(
    tenant: Tenant,
    options?: { limit?: number; author?: string; id?: string; profileId?: string; status?: PlanStatus },
  ): Promise<ListedPlan[]>;
  /** Compare-and-set on status; STORE_CONFLICT when the current status is not `from`, NOT_FOUND when there is no such plan. */
  updateStatus(tenant: Tenant, id: string, from: PlanStatus, to: PlanStatus, approval?: unknown): Promise<PlanRecord>;
}

/** A workspace's settings document; its shape belongs to the conversation layer, which validates it. */
export interface WorkspaceSettingsRecord {
  tenant: Tenant;
  settings: unknown;
  version: number;
  updatedBy: string;
  updatedAt: string;
}

export interface SettingsRepository {
  get(tenant: Tenant): Promise<WorkspaceSettingsRecord | undefined>;
  /** Compare-and-set: `expectedVersion` 0 creates; otherwise STORE_CONFLICT unless the stored version matches. */
  save(tenant: Tenant, expectedVersion: number, settings: unknown, updatedBy: string): Promise<WorkspaceSettingsRecord>;
}

/** One event of the audit trail, with its place in the tenant's hash chain. */
export interface AuditEvent {
  tenant: Tenant;
  seq: number;
  at: string;
  actor: string;
  kind: string;
  subject: string;
  data: unknown;
  prevHash: string;
  hash: string;
}

export type NewAuditEvent = Pick<AuditEvent, 'tenant' | 'actor' | 'kind' | 'subject' | 'data'>;

export interface AuditTrailRepository {
  /** Appends to the tenant's chain (seq = last + 1, prevHash = last hash); atomic against racing appends. */
  append(event: NewAuditEvent): Promise<AuditEvent>;
  /** Events in chain order; one tenant's or all, optionally from a time on. */
  list(options?: { tenant?: Tenant; since?: string; limit?: number; afterSeq?: number }): Promise<AuditEvent[]>;
  /** Every tenant's last event, as recorded beside the chain. */
  heads(): Promise<{ tenant: Tenant; seq: number; hash: string }[]>;
  /** Every tenant with a chain (events or a recorded head). */
  tenants(): Promise<Tenant[]>;
}

export type ReminderState = 'due' | 'claimed' | 'sent' | 'failed' | 'cancelled';

export interface ReminderRecord {
  tenant: Tenant;
  id: string;
  kind: string;
  /** What it is about (a plan id, an approval conversation): cancelling by subject finds it. */
  subject: string;
  data: unknown;
  dueAt: string;
  state: ReminderState;
  attempts: number;
  lastError: string | null;
  claimedBy: string | null;
  leaseUntil: string | null;
  sentAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ReminderRepository {
  /** Schedules once: an id that exists already is left as it is (undefined returned). */
  schedule(input: {
    tenant: Tenant;
    id: string;
    kind: string;
    subject: string;
    data?: unknown;
    dueAt: string;
  }): Promise<ReminderRecord | undefined>;
  /**
   * Claims up to `limit` items that are due at `now` (or whose claim lease ran out) for `owner`, atomically:
   * racing schedulers, on any replica, never get the same item. Each claim counts an attempt.
   */
  claim(options: { now: string; owner: string; leaseMs: number; limit: number }): Promise<ReminderRecord[]>;
  /** The owner sent it: done. False when the owner no longer holds the claim (it ran out and was taken). */
  complete(tenant: Tenant, id: string, owner: string): Promise<boolean>;
  /** The owner failed: due again at `dueAt` with the error, or failed for good when `final`. */
  fail(
    tenant: Tenant,
    id: string,
    owner: string,
    failure: { error: string; dueAt: string; final: boolean },
  ): Promise<boolean>;
  /** Not now (outside the recipient's working hours): due again at `dueAt`, the attempt not counted. */
  defer(tenant: Tenant, id: string, owner: string, dueAt: string): Promise<boolean>;
  /** Cancels what is still due about a subject (an approval decided early); returns how many. */
  cancel(tenant: Tenant, subject: string): Promise<number>;
  list(options?: { tenant?: Tenant; states?: ReminderState[]; limit?: number }): Promise<ReminderRecord[]>;
}

export interface PeopleRepository {
  timeZone(tenant: Tenant, userId: string): Promise<string | undefined>;
  setTimeZone(tenant: Tenant, userId: string, timeZone: string): Promise<void>;
}

export interface Repositories {
  conversations: ConversationRepository;
  profiles: ProfileRepository;
  plans: PlanRepository;
  settings: SettingsRepository;
  auditTrail: AuditTrailRepository;
  reminders: ReminderRepository;
  people: PeopleRepository;
}

export interface Store extends Repositories {
  readonly dialect: 'sqlite' | 'postgres';
  /**
   * Runs fn inside one transaction holding an exclusive lock on (tenant, key): concurrent calls for the
   * same key — in this process, another process on the same SQLite file, or another replica on the same
   * PostgreSQL — run one after the other; other keys are not blocked (PostgreSQL) or briefly (SQLite).
   * The repositories passed to fn use that transaction; if fn throws, nothing it wrote is kept.
   * Inside fn use only those repositories: calling this store's own repositories or withLock from fn is
   * refused (KeyplanError 'INTERNAL'), because on SQLite it would wait for itself forever and on
   * PostgreSQL its writes would escape the rollback.
   */
  withLock<T>(tenant: Tenant, key: string, fn: (tx: Repositories) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** PostgreSQL schema to use (created if missing); tests use it to isolate runs. Ignored for SQLite. */
  schema?: string;
  /** Clock for created_at/updated_at; defaults to the system clock. Tests pass a ticking fake. */
  now?: () => Date;
  /** PostgreSQL connect and statement timeouts; defaults to config.ts's DEFAULT_LIMITS. */
  limits?: DatabaseLimits;
}
