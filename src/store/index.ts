/** The durable store: kysely over SQLite (default) or PostgreSQL (several replicas). */
export { parseDatabaseUrl } from './database-url.js';
export { openStore } from './store.js';
export type {
  ConversationPatch,
  ConversationRecord,
  ConversationRepository,
  ConversationStatus,
  ListedPlan,
  NewConversation,
  NewPlan,
  OpenStoreOptions,
  PlanRecord,
  PlanRepository,
  PlanStatus,
  ProfileRepository,
  ProfileVersion,
  Repositories,
  Store,
  Tenant,
} from './types.js';
