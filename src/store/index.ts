/** The durable store: kysely over SQLite (default) or PostgreSQL (several replicas). */
export { parseDatabaseUrl } from './database-url.js';
export { openStore } from './store.js';
export type {
  AuditEvent,
  AuditTrailRepository,
  ConversationPatch,
  ConversationRecord,
  ConversationRepository,
  ConversationStatus,
  ListedPlan,
  NewAuditEvent,
  NewConversation,
  NewPlan,
  OpenStoreOptions,
  PlanRecord,
  PlanRepository,
  PlanStatus,
  ProfileRepository,
  ProfileVersion,
  Repositories,
  SettingsRepository,
  Store,
  Tenant,
  WorkspaceSettingsRecord,
} from './types.js';
