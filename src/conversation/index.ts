/** The conversation layer adapters talk to: one turn at a time, platform-neutral replies. */
export type { Tenant } from '../store/index.js';
export { auditReply, auditTurn } from './audit-reply.js';
export { ConversationEngine, type EngineEvent, profileIdOf, type TurnInput, type TurnResult } from './engine.js';
export { interviewReplies } from './interview-view.js';
export { planSummary } from './plan-summary.js';
export type * from './replies.js';

/** What an adapter needs of the engine; tests may pass a stand-in that records turns. */
export interface TurnRunner {
  turn(input: import('./engine.js').TurnInput): Promise<import('./engine.js').TurnResult>;
}
