import type {
  AuditRunner,
  PlanDirectory,
  SurfaceRef,
  Tenant,
  TurnRunner,
  Workspaces,
} from '../../src/conversation/index.js';

/** What the Slack adapter needs of keyplan: the engine's turns, the stored plans, the audit, a log. */
export interface SlackPorts {
  /** The engine's turns, and where a conversation is shown (the modal Slack opened for it). */
  engine: TurnRunner & { recordSurface(tenant: Tenant, conversationId: string, surface: SurfaceRef): Promise<void> };
  plans: Pick<PlanDirectory, 'list' | 'latest' | 'get'>;
  /** The workspace's settings: roles at click time, `/keyplan config`, the audit's role. */
  workspaces: Pick<Workspaces, 'rolesOf' | 'configure' | 'auditRequest'>;
  audit: AuditRunner;
  log: (line: string) => void;
}
