import type { ColumnType } from 'kysely';

/**
 * JSON columns: written as JSON text on both dialects; read back as text (SQLite) or already parsed
 * (PostgreSQL jsonb), so the read side is unknown and goes through the row codecs.
 */
export type JsonColumn = ColumnType<unknown, string, string>;

/** The tenant column holds `platform:workspace` (platform never contains ':', so the split is unambiguous). */
export interface ConversationsTable {
  tenant: string;
  id: string;
  user_id: string;
  flow: string;
  machine_version: number;
  snapshot: JsonColumn;
  status: string;
  version: number;
  /** Added by migration 0002: null until a platform reports where the conversation is shown. */
  surface: ColumnType<unknown, string | null | undefined, string | null>;
  created_at: string;
  updated_at: string;
}

export interface ProfilesTable {
  tenant: string;
  profile_id: string;
  version: number;
  answers: JsonColumn;
  author: string;
  created_at: string;
}

export interface PlansTable {
  tenant: string;
  id: string;
  profile_id: string;
  profile_version: number;
  plan: JsonColumn;
  status: string;
  /** Added by migration 0005: who approved the plan, when, and the content hash they approved. */
  approval: ColumnType<unknown, string | null | undefined, string | null>;
  created_at: string;
  updated_at: string;
}

/** A workspace's configuration (security channel, approvers, …) as one JSON document with a version. */
export interface WorkspaceSettingsTable {
  tenant: string;
  settings: JsonColumn;
  version: number;
  updated_by: string;
  updated_at: string;
}

/** The append-only audit trail: one hash chain per tenant. */
export interface AuditEventsTable {
  tenant: string;
  seq: number;
  at: string;
  actor: string;
  kind: string;
  subject: string;
  data: JsonColumn;
  prev_hash: string;
  hash: string;
}

/** The last event of each tenant's chain, so a deleted tail is noticed too. */
export interface AuditHeadsTable {
  tenant: string;
  seq: number;
  hash: string;
}

/** Something keyplan must do at a time: a review reminder, an approval nudge or expiry (the scheduler claims it). */
export interface RemindersTable {
  tenant: string;
  id: string;
  kind: string;
  subject: string;
  data: JsonColumn;
  due_at: string;
  state: string;
  attempts: number;
  last_error: string | null;
  claimed_by: string | null;
  lease_until: string | null;
  sent_at: string | null;
  created_at: string;
  updated_at: string;
}

/** What keyplan knows of a person across conversations: their time zone, for reminders. */
export interface PeopleTable {
  tenant: string;
  user_id: string;
  time_zone: string;
  updated_at: string;
}

export interface Database {
  conversations: ConversationsTable;
  profiles: ProfilesTable;
  plans: PlansTable;
  workspace_settings: WorkspaceSettingsTable;
  audit_events: AuditEventsTable;
  audit_heads: AuditHeadsTable;
  reminders: RemindersTable;
  people: PeopleTable;
}

export type DialectName = 'sqlite' | 'postgres';
