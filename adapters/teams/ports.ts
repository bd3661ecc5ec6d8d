import type { Activity } from 'botbuilder';
import type {
  Actor,
  AuditRunner,
  ConversationEngine,
  PlanDirectory,
  Workspaces,
} from '../../src/conversation/index.js';

/**
 * What the Teams adapter needs from keyplan: the engine's turns, the stored plans, the workspace's
 * settings (config, roles at click time, the audit role) and the audit.
 */
export interface TeamsPorts {
  engine: Pick<ConversationEngine, 'open' | 'act' | 'recordSurface'>;
  plans: Pick<PlanDirectory, 'latest' | 'get' | 'list'>;
  workspaces: Pick<Workspaces, 'rolesOf' | 'configure' | 'auditRequest' | 'settings'>;
  audit: AuditRunner;
  log: (line: string) => void;
}

/** What the HTTP request behind a turn says that the activity does not: the host it reached. */
export interface Inbound {
  baseUrl: string | undefined;
}

/** The person behind an activity: their Entra object id where Teams gives it (stable across chats). */
export function actorOf(activity: Partial<Activity>): Actor {
  return { userId: activity.from?.aadObjectId ?? activity.from?.id ?? '' };
}

/** What someone who may not act on an interview is told, in Teams' words. */
export const FORBIDDEN_TEXT =
  'This interview belongs to someone else, so nothing was changed. Type **start** (mention keyplan in a group chat or channel) to begin your own.';

export const UNEXPECTED_TEXT = 'keyplan hit an unexpected error and changed nothing. Please try again in a moment.';
