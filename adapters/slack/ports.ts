import type {
  AuditRunner,
  ConversationEngine,
  PlanDirectory,
  SurfaceRef,
  Tenant,
  TurnRunner,
} from '../../src/conversation/index.js';

/** What the Slack adapter needs of keyplan: the engine's turns, the stored plans, the audit, a log. */
export interface SlackPorts {
  engine: TurnRunner & {
    recordSurface(tenant: Tenant, conversationId: string, surface: SurfaceRef): Promise<void>;
  } & Partial<Pick<ConversationEngine, 'view'>>;
  plans: Pick<PlanDirectory, 'list' | 'latest' | 'get'>;
  audit: AuditRunner;
  log: (line: string) => void;
}
