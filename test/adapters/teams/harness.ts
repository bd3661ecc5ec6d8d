import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { listen, routeServer } from '../../../src/cli/serve/http-server.js';
import type { PlatformServer } from '../../../src/cli/serve/platform.js';
import { startTeams } from '../../../src/cli/serve/teams.js';
import { loadConfig } from '../../../src/config.js';
import {
  type ActRequest,
  type AuditRunner,
  approvalRegistration,
  ConversationEngine,
  interviewRegistration,
  type OpenRequest,
  PlanDirectory,
  TimeZones,
  type TurnResult,
  Workspaces,
} from '../../../src/conversation/index.js';
import type { Store } from '../../../src/store/index.js';
import { sqliteDatabase } from '../../conversation/dialects.js';
import { type CardButton, cardOfActivity, type Json, pressData } from './card-reader.js';
import { FakeConnector } from './fake-connector.js';

/** The engine as keyplan serve builds it, keeping each turn's result for the test to read. */
class ObservedEngine extends ConversationEngine {
  readonly results: TurnResult[] = [];

  override async open(request: OpenRequest): Promise<TurnResult> {
    const result = await super.open(request);
    this.results.push(result);
    return result;
  }

  override async act(request: ActRequest): Promise<TurnResult> {
    const result = await super.act(request);
    this.results.push(result);
    return result;
  }
}

export interface Chat {
  id: string;
  type: 'personal' | 'groupChat' | 'channel';
  tenantId: string;
}

export interface HttpAnswer {
  status: number;
  body: Json | string | undefined;
}

export interface TeamsHarnessOptions {
  env?: Record<string, string>;
  audit?: AuditRunner;
  /** Display names Teams sends with each person's activities (their id otherwise). */
  names?: Record<string, string>;
}

export const BOT_ID = '28:keyplan-bot';

/**
 * keyplan serve with Teams on a loopback port (SQLite store, the real composition of startTeams and
 * the shared HTTP server) and a fake connector for everything the bot sends back.
 */
export async function teamsHarness(options: TeamsHarnessOptions = {}) {
  const database = sqliteDatabase();
  const store: Store = await database.open();
  const engine = new ObservedEngine({ store, flows: [interviewRegistration, approvalRegistration] });
  const connector = await new FakeConnector().start();
  const logs: string[] = [];
  const log = (line: string) => logs.push(line);
  const config = loadConfig({ TEAMS_ENABLED: 'true', DATABASE_URL: database.url, ...options.env });
  const audit: AuditRunner =
    options.audit ??
    (async () => {
      throw new Error('no AWS in this test');
    });
  const workspaces = new Workspaces(store, { bootstrapAdmins: config.bootstrapAdmins });
  const platform: PlatformServer = await startTeams(config, {
    engine,
    plans: new PlanDirectory(store),
    timeZones: new TimeZones(store),
    workspaces,
    store,
    audit,
    log,
  });
  engine.attachSink('teams', platform.sink);
  const server: Server = routeServer(platform.routes, log);
  const port = await listen(server, 0);
  const url = `http://127.0.0.1:${port}`;

  async function post(path: string, body: string, headers: Record<string, string> = {}): Promise<HttpAnswer> {
    const response = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    const raw = await response.text();
    let parsed: Json | string | undefined = raw === '' ? undefined : raw;
    try {
      parsed = raw === '' ? undefined : (JSON.parse(raw) as Json);
    } catch {
      // plain text answers stay text
    }
    return { status: response.status, body: parsed };
  }

  function activity(userId: string, chat: Chat, extra: Json): Json {
    return {
      id: randomUUID(),
      channelId: 'msteams',
      serviceUrl: connector.url,
      timestamp: new Date().toISOString(),
      from: { id: `29:${userId}`, aadObjectId: userId, name: options.names?.[userId] ?? userId },
      recipient: { id: BOT_ID, name: 'keyplan' },
      conversation: {
        id: chat.id,
        conversationType: chat.type,
        tenantId: chat.tenantId,
        ...(chat.type === 'personal' ? {} : { isGroup: true }),
      },
      channelData: { tenant: { id: chat.tenantId } },
      locale: 'en-US',
      ...extra,
    };
  }

  return {
    url,
    connector,
    engine,
    store,
    workspaces,
    logs,
    platform,
    post,
    activity,
    /** A message typed in a chat, as Teams delivers it. */
    say: (userId: string, chat: Chat, text: string, headers: Record<string, string> = {}) =>
      post(
        '/api/messages',
        JSON.stringify(activity(userId, chat, { type: 'message', text, textFormat: 'plain' })),
        headers,
      ),
    /** A card button pressed: the `adaptiveCard/action` invoke Teams sends (the same activity id on a retry). */
    invokeActivity: (
      userId: string,
      chat: Chat,
      card: Json,
      cardActivityId: string,
      button: CardButton,
      typed?: Record<string, unknown>,
    ) =>
      activity(userId, chat, {
        type: 'invoke',
        name: 'adaptiveCard/action',
        replyToId: cardActivityId,
        value: {
          action: {
            type: 'Action.Execute',
            title: button.title,
            verb: button.verb,
            data: pressData(card, button, typed),
          },
          trigger: 'manual',
        },
      }),
    /** The last card the bot posted or put in place of another, with its message id. */
    lastCard(): { card: Json; activityId: string } {
      for (let i = connector.calls.length - 1; i >= 0; i--) {
        const call = connector.calls[i];
        if (!call || !['send', 'reply', 'update'].includes(call.kind)) continue;
        const card = cardOfActivity(call.body);
        if (card)
          return {
            card,
            activityId: call.kind === 'update' ? (call.activityId as string) : (call.activityId as string),
          };
      }
      throw new Error('the bot has posted no card');
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await platform.stop();
      await connector.stop();
      await store.close();
      await database.drop();
    },
  };
}

export type TeamsHarness = Awaited<ReturnType<typeof teamsHarness>>;

export function personalChat(userId: string, tenantId = 'tenant-a'): Chat {
  return { id: `a:personal-${userId}`, type: 'personal', tenantId };
}
