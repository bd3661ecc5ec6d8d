import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type AnyMiddlewareArgs,
  App,
  type Logger,
  LogLevel,
  type Middleware,
  SocketModeReceiver,
  type ViewResponseAction,
  webApi,
} from '@slack/bolt';
import type { ReplySink } from '../../src/conversation/index.js';
import { KeyplanError } from '../../src/core/index.js';
import { CONVERSATION_ACTION } from './blocks.js';
import { keyplanCommand } from './commands.js';
import { ASK_CALLBACK, messageConversationAction, submitAsk } from './conversation-buttons.js';
import { deliveryId, RecentDeliveries } from './deliveries.js';
import { EXPORT_ACTION } from './exports.js';
import { HOME_SEND_PLAN, HOME_START } from './home.js';
import { SlackHttpReceiver } from './http-receiver.js';
import { type InterviewDeps, interviewClosed, modalAction, openInterview, submitInterview } from './interview.js';
import { exportAction, publishHome, sendPlanToUser } from './message-actions.js';
import { INTERVIEW_CALLBACK, type SubmittedView } from './modal.js';
import type { SlackPorts } from './ports.js';
import { SlackPoster, slackErrorOf } from './poster.js';
import { SlackRoles } from './roles.js';
import { SlackSink } from './sink.js';
import { tenantOfBody } from './tenant.js';

export interface SlackAdapterOptions {
  botToken: string;
  signingSecret: string;
  /** Set: Socket Mode (a WebSocket Slack opens to keyplan); unset: HTTP at POST /slack/events. */
  appToken?: string;
  /** The Web API's base URL (tests, proxies); Slack's own by default. */
  apiUrl?: string;
  ports: SlackPorts;
  /** Socket Mode's heartbeat, in milliseconds (tests shorten it). */
  socketPingTimeoutMs?: number;
}

export interface SlackAdapter {
  mode: 'http' | 'socket';
  /** The handler of POST /slack/events; absent in Socket Mode, where Slack sends nothing over HTTP. */
  handleEvents?: (request: IncomingMessage, response: ServerResponse) => Promise<void>;
  sink: ReplySink;
  /** The bot user keyplan posts as (from auth.test). */
  botUserId: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Bolt's and the Web API's logs go to keyplan's log: warnings and errors only. */
function boltLogger(log: (line: string) => void): Logger {
  let level = LogLevel.WARN;
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: (...message: unknown[]) => log(`slack: ${message.map(String).join(' ')}`),
    error: (...message: unknown[]) => log(`slack: ${message.map(String).join(' ')}`),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}

/** Whether a delivery is an interview turn, which the engine itself applies once (by its trigger id). */
function isEngineTurn(body: Record<string, unknown>): boolean {
  if (body.type === 'view_submission') return true;
  const actions = Array.isArray(body.actions) ? (body.actions as { action_id?: unknown }[]) : [];
  return body.type === 'block_actions' && CONVERSATION_ACTION.test(String(actions[0]?.action_id ?? ''));
}

/** A retried delivery has one effect: repeats of anything but interview turns are acknowledged and dropped. */
function onceOnly(recent: RecentDeliveries): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const body = args.body as unknown as Record<string, unknown>;
    const id = deliveryId(body);
    if (id && !recent.first(id) && !isEngineTurn(body)) {
      if ('ack' in args && typeof args.ack === 'function') await (args.ack as () => Promise<void>)();
      return;
    }
    await args.next();
  };
}

/** Checks the bot token with auth.test, so a wrong token stops `keyplan serve` with a clear message. */
async function identify(client: webApi.WebClient): Promise<{ botId: string; botUserId: string }> {
  try {
    const identity = await client.auth.test();
    return { botId: String(identity.bot_id ?? ''), botUserId: String(identity.user_id ?? '') };
  } catch (error) {
    const code = slackErrorOf(error);
    throw new KeyplanError(
      'CONFIG_INVALID',
      code
        ? `Slack refused SLACK_BOT_TOKEN (${code}): copy the Bot User OAuth Token (xoxb-…) from the app's OAuth & Permissions page.`
        : `keyplan could not reach Slack's Web API to check SLACK_BOT_TOKEN: ${(error as Error).message}`,
    );
  }
}

/**
 * The Slack app: Bolt with keyplan's listeners, on keyplan's HTTP server (signature checked on every
 * request) or over Socket Mode. Listeners acknowledge first and work after the ack, except modal
 * submissions, whose answer is the next view.
 */
export async function createSlackAdapter(options: SlackAdapterOptions): Promise<SlackAdapter> {
  const { ports } = options;
  const logger = boltLogger(ports.log);
  const clientOptions: webApi.WebClientOptions = {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    logger,
    timeout: 10_000,
    // A few quick retries: a modal or a post that waits minutes helps nobody.
    retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 1_000 },
  };
  const client = new webApi.WebClient(options.botToken, clientOptions);
  const { botId, botUserId } = await identify(client);

  const http = options.appToken
    ? undefined
    : new SlackHttpReceiver({ signingSecret: options.signingSecret, log: ports.log });
  const receiver =
    http ??
    new SocketModeReceiver({
      appToken: options.appToken as string,
      logger,
      ...(options.socketPingTimeoutMs ? { clientPingTimeout: options.socketPingTimeoutMs } : {}),
      installerOptions: { clientOptions: { ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}) } },
    });
  const app = new App({
    token: options.botToken,
    botId,
    botUserId,
    receiver,
    clientOptions,
    logger,
    ignoreSelf: false,
    convoStore: false,
  });

  const poster = new SlackPoster(app.client, botUserId, ports.log);
  const deps: InterviewDeps = {
    ports,
    client: app.client,
    poster,
    roles: new SlackRoles(app.client, ports.workspaces, ports.log),
    refreshHome: (tenant, userId) => publishHome({ client: app.client, ports }, tenant, userId),
  };
  const sink = new SlackSink(app.client, poster);

  app.use(onceOnly(new RecentDeliveries()));

  app.command(/^\/keyplan/, async ({ command, ack, respond, body }) => {
    await keyplanCommand(deps, {
      tenant: tenantOfBody(body),
      userId: command.user_id,
      channel: command.channel_id,
      text: command.text ?? '',
      triggerId: command.trigger_id,
      respond,
      ack: (answer) => ack(answer),
    });
  });

  app.view({ callback_id: INTERVIEW_CALLBACK, type: 'view_submission' }, async ({ ack, body, view }) => {
    await submitInterview(deps, {
      tenant: tenantOfBody(body),
      userId: body.user.id,
      view: view as unknown as SubmittedView,
      ack: ack as (response?: ViewResponseAction) => Promise<void>,
      ...(typeof (body as { trigger_id?: unknown }).trigger_id === 'string'
        ? { triggerId: (body as { trigger_id: string }).trigger_id }
        : {}),
    });
  });

  // The window asking an action's fields (a rejection's reason) before the action is sent.
  app.view({ callback_id: ASK_CALLBACK, type: 'view_submission' }, async ({ ack, body, view }) => {
    await submitAsk(deps, {
      tenant: tenantOfBody(body),
      userId: body.user.id,
      view: view as unknown as SubmittedView,
      ack: ack as (response?: ViewResponseAction) => Promise<void>,
      ...(typeof (body as { trigger_id?: unknown }).trigger_id === 'string'
        ? { triggerId: (body as { trigger_id: string }).trigger_id }
        : {}),
    });
  });

  app.view({ callback_id: INTERVIEW_CALLBACK, type: 'view_closed' }, async ({ ack, body, view }) => {
    await ack();
    await interviewClosed(deps, { userId: body.user.id, view: view as unknown as SubmittedView });
  });

  app.action(CONVERSATION_ACTION, async ({ ack, body, action }) => {
    await ack();
    if (body.type !== 'block_actions') return;
    const tenant = tenantOfBody(body);
    const triggerId = (body as { trigger_id?: string }).trigger_id;
    const pressed = action as { action_id: string; value?: string; selected_option?: { value: string } | null };
    if (body.view && body.view.type === 'modal') {
      await modalAction(deps, {
        tenant,
        userId: body.user.id,
        view: body.view as unknown as SubmittedView,
        action: pressed,
        ...(triggerId ? { triggerId } : {}),
      });
      return;
    }
    const channel = body.channel?.id ?? body.container?.channel_id;
    const ts = body.message?.ts ?? body.container?.message_ts;
    if (channel && ts) {
      await messageConversationAction(
        deps,
        { tenant, userId: body.user.id, channel, ts: String(ts) },
        pressed,
        triggerId,
      );
    }
  });

  app.action(EXPORT_ACTION, async ({ ack, body, action }) => {
    await ack();
    if (body.type !== 'block_actions') return;
    const channel = body.channel?.id ?? body.container?.channel_id;
    const ts = body.message?.ts ?? body.container?.message_ts;
    if (!channel || !ts) return;
    const threadTs = (body.message as { thread_ts?: string } | undefined)?.thread_ts;
    await exportAction(
      deps,
      { tenant: tenantOfBody(body), userId: body.user.id, channel, ts: String(ts), ...(threadTs ? { threadTs } : {}) },
      action as { action_id: string; value?: string },
    );
  });

  app.action(HOME_START, async ({ ack, body }) => {
    await ack();
    const triggerId = (body as { trigger_id?: string }).trigger_id;
    if (triggerId) await openInterview(deps, { tenant: tenantOfBody(body), userId: body.user.id, triggerId });
  });

  app.action(HOME_SEND_PLAN, async ({ ack, body, action }) => {
    await ack();
    await sendPlanToUser(deps, tenantOfBody(body), body.user.id, (action as { value?: string }).value);
  });

  app.event('app_home_opened', async ({ event, body }) => {
    if (event.tab !== undefined && event.tab !== 'home') return;
    await publishHome(deps, tenantOfBody(body), event.user);
  });

  app.error(async (error) => {
    ports.log(`keyplan: Slack listener failed: ${error.message}`);
  });

  return {
    mode: http ? 'http' : 'socket',
    ...(http ? { handleEvents: http.handle } : {}),
    sink,
    botUserId,
    start: async () => {
      if (!http) await app.start();
    },
    stop: async () => {
      if (!http) await app.stop();
    },
  };
}
