import type { IncomingMessage, ServerResponse } from 'node:http';
import type {
  AuditRunner,
  ConversationEngine,
  PlanDirectory,
  ReplySink,
  TimeZoneLookup,
  TimeZones,
  Workspaces,
} from '../../conversation/index.js';
import type { Store } from '../../store/index.js';

export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => void | Promise<void>;

/** What `keyplan serve` gives each platform it starts. */
export interface PlatformContext {
  engine: ConversationEngine;
  /** The workspace's stored plans, for `status`, `plan` and App Home. */
  plans: PlanDirectory;
  /** Workspace settings: `config …`, the roles of whoever clicks, the audit role. */
  workspaces: Workspaces;
  /** The store itself, for what only the composition root may do (never handed to an adapter). */
  store: Store;
  /** Runs `/keyplan audit` for a workspace; built here so adapters never load the AWS SDK. */
  audit: AuditRunner;
  /** People's time zones for reminders: a platform records what its activities say (Teams' localTimezone). */
  timeZones: TimeZones;
  log: (line: string) => void;
}

/**
 * One chat platform served by `keyplan serve`: the HTTP routes it answers on the shared server (none in
 * Socket Mode), its outbound port, and how it starts and stops.
 */
export interface PlatformServer {
  name: 'slack' | 'teams';
  routes: Record<string, RequestHandler>;
  sink: ReplySink;
  /** Asks the platform a person's time zone (Slack's users.info); absent where activities carry it. */
  timeZoneOf?: TimeZoneLookup;
  /** Connects what is not HTTP (Slack's Socket Mode) once the server listens. */
  start(): Promise<void>;
  stop(): Promise<void>;
}
