/** The conversation layer adapters talk to: the engine, its contract, and the platform-neutral replies. */
export type { Actor, FlowDefinition, FlowStatus, Rejection } from '../../flows/flow.js';
export { planSummary } from '../../flows/plan-summary.js';
export * from '../../flows/replies.js';
export type { Tenant } from '../store/index.js';
export { planAttachments } from './attachments.js';
export { type AuditRunner, auditReply, auditTurn } from './audit-turn.js';
export * from './contract.js';
export { ConversationEngine, DEFAULT_TURN_BUDGET_MS, type EngineOptions } from './engine.js';
export { INTERVIEW_FLOW, interviewRegistration, profileIdOf } from './interview-effects.js';
export { PLAN_STATUS_TEXT, PlanDirectory, type PlanListing, type StoredPlan } from './plan-directory.js';
export {
  type Effect,
  type EffectContext,
  type EffectResult,
  type FlowRegistration,
  FlowRegistry,
  type Outbound,
} from './registry.js';
