import { z } from 'zod';
import { KeyplanError } from '../core/errors.js';
import type { DialectName } from './db-schema.js';
import type {
  AuditEvent,
  ConversationRecord,
  ConversationStatus,
  PlanRecord,
  PlanStatus,
  ProfileVersion,
  ReminderRecord,
  ReminderState,
  Tenant,
  WorkspaceSettingsRecord,
} from './types.js';

/*
 * zod at both edges of the store: arguments are checked before they reach SQL, rows are checked after
 * they come back. A failure on the way in is a caller bug, one on the way out a damaged row; both are
 * 'INTERNAL' because no user input reaches the store unvalidated.
 */

const PLATFORMS = ['console', 'slack', 'teams'] as const;
export const CONVERSATION_STATUSES = ['active', 'done', 'cancelled'] as const satisfies readonly ConversationStatus[];
export const PLAN_STATUSES = [
  'draft',
  'pending',
  'approved',
  'changes-requested',
  'rejected',
  'superseded',
  'expired',
] as const satisfies readonly PlanStatus[];

export const TenantSchema = z.object({
  platform: z.enum(PLATFORMS),
  workspace: z.string().min(1).max(255),
});
export const IdSchema = z.string().min(1).max(255);
export const VersionSchema = z.number().int().min(1);
export const LimitSchema = z.number().int().min(1).max(1000);
export const MachineVersionSchema = z.number().int().min(0);
export const ConversationStatusSchema = z.enum(CONVERSATION_STATUSES);
export const PlanStatusSchema = z.enum(PLAN_STATUSES);

/** Validates one argument; the label names it in the error. */
export function arg<T>(schema: z.ZodType<T>, value: unknown, label: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const detail = parsed.error.issues.map((i) => `${[label, ...i.path].join('.')}: ${i.message}`).join('; ');
  throw new KeyplanError('INTERNAL', `store: invalid argument (${detail})`);
}

export function tenantKey(tenant: Tenant): string {
  const t = arg(TenantSchema, tenant, 'tenant');
  return `${t.platform}:${t.workspace}`;
}

export const TenantKeySchema = z.string().transform((key, ctx): Tenant => {
  const at = key.indexOf(':');
  const parsed = TenantSchema.safeParse({ platform: key.slice(0, at), workspace: key.slice(at + 1) });
  if (at < 0 || !parsed.success) {
    ctx.addIssue({ code: 'custom', message: `"${key}" is not platform:workspace` });
    return z.NEVER;
  }
  return parsed.data;
});

/**
 * Escapes JSON.stringify emits only for text jsonb cannot store: U+0000, and lone UTF-16 surrogates (paired
 * ones come out as the character itself). Preceded by an even number of backslashes, so `\\u0000` — the
 * six characters "\u0000" — does not count.
 */
const UNSTORABLE_ESCAPE = /(?:^|[^\\])(?:\\\\)*\\u(?:0000|d[89a-f][0-9a-f]{2})/;

/**
 * Serialises a value for a JSON column. Values round-trip as JSON does (Dates become strings, undefined
 * members vanish). U+0000 and lone surrogates are refused on both dialects because PostgreSQL jsonb cannot
 * store them, and a store that only fails on one dialect would surprise whoever moves to several replicas.
 */
export function encodeJson(value: unknown, label: string): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new KeyplanError('INTERNAL', `store: ${label} is not JSON-serialisable: ${(error as Error).message}`);
  }
  if (text === undefined) throw new KeyplanError('INTERNAL', `store: ${label} is not JSON-serialisable`);
  if (UNSTORABLE_ESCAPE.test(text)) {
    throw new KeyplanError(
      'INTERNAL',
      `store: ${label} contains U+0000 or an unpaired UTF-16 surrogate, which PostgreSQL jsonb cannot store`,
    );
  }
  return text;
}

/** JSON columns come back as text from SQLite and already parsed from PostgreSQL jsonb. */
function jsonColumn(dialect: DialectName): z.ZodType<unknown> {
  if (dialect === 'postgres') return z.unknown();
  return z.string().transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'is not valid JSON' });
      return z.NEVER;
    }
  });
}

function rowParser<S extends z.ZodType, T>(schema: S, map: (row: z.output<S>) => T, table: string) {
  return (row: unknown): T => {
    const parsed = schema.safeParse(row);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw new KeyplanError('INTERNAL', `store: a ${table} row is damaged (${detail})`);
    }
    return map(parsed.data);
  };
}

const int = z.number().int();

export const REMINDER_STATES = [
  'due',
  'claimed',
  'sent',
  'failed',
  'cancelled',
] as const satisfies readonly ReminderState[];

export interface RowCodecs {
  reminder(row: unknown): ReminderRecord;
  settings(row: unknown): WorkspaceSettingsRecord;
  auditEvent(row: unknown): AuditEvent;
  conversation(row: unknown): ConversationRecord;
  profile(row: unknown): ProfileVersion;
  profileHead(row: unknown): Omit<ProfileVersion, 'answers'>;
  plan(row: unknown): PlanRecord;
}

export function rowCodecs(dialect: DialectName): RowCodecs {
  const json = jsonColumn(dialect);
  const profileHead = {
    tenant: TenantKeySchema,
    profile_id: z.string(),
    version: int,
    author: z.string(),
    created_at: z.string(),
  };
  return {
    reminder: rowParser(
      z.object({
        tenant: TenantKeySchema,
        id: z.string(),
        kind: z.string(),
        subject: z.string(),
        data: json,
        due_at: z.string(),
        state: z.enum(REMINDER_STATES),
        attempts: z.coerce.number().int(),
        last_error: z.string().nullable(),
        claimed_by: z.string().nullable(),
        lease_until: z.string().nullable(),
        sent_at: z.string().nullable(),
        created_at: z.string(),
        updated_at: z.string(),
      }),
      (r) => ({
        tenant: r.tenant,
        id: r.id,
        kind: r.kind,
        subject: r.subject,
        data: r.data,
        dueAt: r.due_at,
        state: r.state,
        attempts: r.attempts,
        lastError: r.last_error,
        claimedBy: r.claimed_by,
        leaseUntil: r.lease_until,
        sentAt: r.sent_at,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
      }),
      'reminders',
    ),
    settings: rowParser(
      z.object({
        tenant: TenantKeySchema,
        settings: json,
        version: int,
        updated_by: z.string(),
        updated_at: z.string(),
      }),
      (r) => ({
        tenant: r.tenant,
        settings: r.settings,
        version: r.version,
        updatedBy: r.updated_by,
        updatedAt: r.updated_at,
      }),
      'workspace_settings',
    ),
    auditEvent: rowParser(
      z.object({
        tenant: TenantKeySchema,
        seq: int,
        at: z.string(),
        actor: z.string(),
        kind: z.string(),
        subject: z.string(),
        data: json,
        prev_hash: z.string(),
        hash: z.string(),
      }),
      (r) => ({
        tenant: r.tenant,
        seq: r.seq,
        at: r.at,
        actor: r.actor,
        kind: r.kind,
        subject: r.subject,
        data: r.data,
        prevHash: r.prev_hash,
        hash: r.hash,
      }),
      'audit_events',
    ),
    conversation: rowParser(
      z.object({
        tenant: TenantKeySchema,
        id: z.string(),
        user_id: z.string(),
        flow: z.string(),
        machine_version: int,
        snapshot: json,
        status: ConversationStatusSchema,
        version: int,
        surface: json.nullable(),
        created_at: z.string(),
        updated_at: z.string(),
      }),
      (r) => ({
        tenant: r.tenant,
        id: r.id,
        userId: r.user_id,
        flow: r.flow,
        machineVersion: r.machine_version,
        snapshot: r.snapshot,
        status: r.status,
        version: r.version,
        surface: r.surface ?? null,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
      }),
      'conversations',
    ),
    profile: rowParser(
      z.object({ ...profileHead, answers: json }),
      (r) => ({
        tenant: r.tenant,
        profileId: r.profile_id,
        version: r.version,
        answers: r.answers,
        author: r.author,
        createdAt: r.created_at,
      }),
      'profiles',
    ),
    profileHead: rowParser(
      z.object(profileHead),
      (r) => ({
        tenant: r.tenant,
        profileId: r.profile_id,
        version: r.version,
        author: r.author,
        createdAt: r.created_at,
      }),
      'profiles',
    ),
    plan: rowParser(
      z.object({
        tenant: TenantKeySchema,
        id: z.string(),
        profile_id: z.string(),
        profile_version: int,
        plan: json,
        status: PlanStatusSchema,
        approval: json.nullable().optional(),
        created_at: z.string(),
        updated_at: z.string(),
      }),
      (r) => ({
        tenant: r.tenant,
        id: r.id,
        profileId: r.profile_id,
        profileVersion: r.profile_version,
        plan: r.plan,
        status: r.status,
        approval: r.approval ?? null,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
      }),
      'plans',
    ),
  };
}
