/** The conversation layer adapters talk to: the engine, its contract, and the platform-neutral replies. */

export { APPROVAL_FLOW } from '../../flows/approval.machine.js';
export type { Actor, FlowDefinition, FlowStatus, Rejection } from '../../flows/flow.js';
export { planSummary } from '../../flows/plan-summary.js';
export * from '../../flows/replies.js';
export { REVIEW_FLOW } from '../../flows/review.machine.js';
export type { Tenant } from '../store/index.js';
export { approvalRegistration } from './approval-effects.js';
export { expireApprovals } from './approval-expiry.js';
export { planAttachments } from './attachments.js';
export { AUDIT_KINDS, type AuditKind, record } from './audit-log.js';
export { type AuditRunner, auditReply, auditTurn } from './audit-turn.js';
export { CONFIG_USAGE, type ConfigCommand, parseConfigCommand } from './config-command.js';
export * from './contract.js';
export { ConversationEngine, DEFAULT_TURN_BUDGET_MS, type EngineOptions, SYSTEM } from './engine.js';
export { INTERVIEW_FLOW, interviewRegistration, profileIdOf } from './interview-effects.js';
export { PLAN_STATUS_TEXT, PlanDirectory, type PlanListing, type StoredPlan } from './plan-directory.js';
export { planHash, shortHash } from './plan-hash.js';
export {
  type Effect,
  type EffectContext,
  type EffectResult,
  type FlowRegistration,
  FlowRegistry,
  type Outbound,
} from './registry.js';
export {
  nextReviewAt,
  REMINDER_KINDS,
  type ReminderDeps,
  reminderHandlers,
  scheduleReview,
} from './reminders.js';
export { reviewRegistration } from './review-effects.js';
export { openReview, reviewNotice } from './review-start.js';
export { type TimeZoneLookup, TimeZones } from './time-zones.js';
export {
  DEFAULT_SETTINGS,
  describeSettings,
  readSettings,
  type SettingsChange,
  type WorkspaceSettings,
} from './workspace-settings.js';
export { type Mention, ROLES, type RoleCheck, Workspaces, type WorkspacesOptions } from './workspaces.js';
