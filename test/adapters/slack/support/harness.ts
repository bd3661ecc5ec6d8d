import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import {
  FAKE_TEAM,
  type FakeSlack,
  type StoredView,
  startFakeSlack,
} from '../../../../bench/slack/support/fake-slack.js';
import { filledState, metaOf, renderedActions } from '../../../../bench/slack/support/modal-user.js';
import {
  slashCommand,
  triggerId,
  viewAction,
  viewClosed,
  viewSubmission,
  type Who,
} from '../../../../bench/slack/support/payloads.js';
import {
  commandRequest,
  type HttpAnswer,
  interactionRequest,
  postSigned,
  type SignedRequest,
} from '../../../../bench/slack/support/signed.js';
import { listen, routeServer } from '../../../../src/cli/serve/http-server.js';
import type { PlatformServer } from '../../../../src/cli/serve/platform.js';
import { startSlack } from '../../../../src/cli/serve/slack.js';
import { loadConfig } from '../../../../src/config.js';
import {
  type ActRequest,
  type AuditRunner,
  ConversationEngine,
  type FlowRegistration,
  interviewRegistration,
  type OpenRequest,
  PlanDirectory,
  TimeZones,
  type TurnResult,
  Workspaces,
} from '../../../../src/conversation/index.js';
import type { Store } from '../../../../src/store/index.js';
import { sqliteDatabase } from '../../../conversation/dialects.js';

export const SECRET = 'test-signing-secret-0123456789abcdef';
export const BOT_TOKEN = 'xoxb-test-bot-token';
export const CHANNEL = 'C0SECURITY';

/**
 * The real engine, remembering each turn's result so a test can read the outcome behind what Slack
 * showed. `failNextTurn` makes the next act end as a turn over its time budget does (nothing applied).
 */
export class TappedEngine extends ConversationEngine {
  readonly results: TurnResult[] = [];
  failNextTurn = false;
  override async open(request: OpenRequest): Promise<TurnResult> {
    const result = await super.open(request);
    this.results.push(result);
    return result;
  }
  override async act(request: ActRequest): Promise<TurnResult> {
    if (this.failNextTurn) {
      this.failNextTurn = false;
      const failed: TurnResult = {
        outcome: 'failed',
        conversationId: request.conversationId,
        flow: '',
        state: '',
        status: 'active',
        version: 0,
        stamp: null,
        replies: [{ type: 'message', tone: 'error', text: 'keyplan could not finish that in time. Please try again.' }],
        surface: null,
      };
      this.results.push(failed);
      return failed;
    }
    const result = await super.act(request);
    this.results.push(result);
    return result;
  }
}

export interface HarnessOptions {
  audit?: AuditRunner;
  /** Flows registered beside the interview. */
  flows?: FlowRegistration[];
  /** Socket Mode instead of HTTP. */
  socket?: boolean;
  /** keyplan's bootstrap admins (KEYPLAN_ADMINS). */
  admins?: string[];
}

export interface SlackHarness {
  fake: FakeSlack;
  /** POST /slack/events on keyplan's server. */
  eventsUrl: string;
  baseUrl: string;
  engine: TappedEngine;
  store: Store;
  plans: PlanDirectory;
  workspaces: Workspaces;
  logs: string[];
  platform: PlatformServer;
  who(user: string, team?: string): Who;
  /** Signs and posts a request to /slack/events. */
  send(request: SignedRequest): Promise<HttpAnswer>;
  close(): Promise<void>;
}

export async function startSlackHarness(options: HarnessOptions = {}): Promise<SlackHarness> {
  const fake = await startFakeSlack();
  const database = sqliteDatabase();
  const store = await database.open();
  const logs: string[] = [];
  const log = (line: string) => {
    logs.push(line);
  };
  const engine = new TappedEngine({ store, flows: [interviewRegistration, ...(options.flows ?? [])] });
  const plans = new PlanDirectory(store);
  const audit: AuditRunner =
    options.audit ??
    (async () => {
      throw new Error('no audit in this test');
    });
  const config = loadConfig({
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: fake.apiUrl,
    DATABASE_URL: database.url,
    PORT: '0',
    ...(options.socket ? { SLACK_APP_TOKEN: 'xapp-test-app-token' } : {}),
  });
  const workspaces = new Workspaces(store, { bootstrapAdmins: options.admins ?? [] });
  const platform = await startSlack(config, {
    engine,
    store,
    plans,
    workspaces,
    audit,
    log,
    timeZones: new TimeZones(store),
  });
  engine.attachSink('slack', platform.sink);
  const server: Server = routeServer(platform.routes, log);
  const port = await listen(server, 0);
  await platform.start();
  const baseUrl = `http://127.0.0.1:${port}`;
  const eventsUrl = `${baseUrl}/slack/events`;
  return {
    fake,
    eventsUrl,
    baseUrl,
    engine,
    store,
    plans,
    workspaces,
    logs,
    platform,
    who: (user, team = FAKE_TEAM) => ({ team, user }),
    send: (request) => postSigned(eventsUrl, SECRET, request),
    async close() {
      await platform.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await fake.close();
      await store.close();
      await database.drop();
    },
  };
}

/** A person in the workspace using keyplan through Slack payloads only. */
export function slackUser(h: SlackHarness, who: Who, channel = CHANNEL) {
  /** The view as Slack holds it after a `response_action: update` (same id, new content). */
  const remember = (id: string, view: Record<string, unknown>): StoredView => {
    const stored = { ...(view as unknown as StoredView), id, hash: `r${randomUUID().slice(0, 6)}` };
    h.fake.views.set(id, stored);
    return structuredClone(stored);
  };
  return {
    who,
    /** `/keyplan <text>` in the channel; the HTTP answer and the response_url id it carried. */
    async command(text: string, trigger = triggerId()) {
      const responseId = randomUUID();
      const answer = await h.send(
        commandRequest(slashCommand(who, { text, channel, responseUrl: h.fake.responseUrl(responseId), trigger })),
      );
      return { answer, responseId, trigger };
    },
    /** `/keyplan`: the modal Slack opened for it. */
    async open(): Promise<StoredView> {
      const from = h.fake.calls.length;
      const { answer, trigger } = await this.command('');
      if (answer.status !== 200) throw new Error(`/keyplan answered ${answer.status}`);
      const call = await h.fake.waitForCall((c) => c.method === 'views.open' && c.params.trigger_id === trigger, from);
      const id = (call.result?.view as { id?: string } | undefined)?.id;
      if (!id) throw new Error(`views.open failed: ${JSON.stringify(call.result)}`);
      return structuredClone(h.fake.views.get(id) as StoredView);
    },
    /** Submits the modal with these answers (by field id); `then` ticks the choice above Submit. */
    async submit(view: StoredView, answers: Record<string, unknown> = {}, then?: string, trigger = triggerId()) {
      const payload = viewSubmission(who, view, filledState(view, answers, then), trigger);
      const answer = await h.send(interactionRequest(payload));
      const json = answer.json as
        | { response_action?: string; view?: Record<string, unknown>; errors?: Record<string, string> }
        | undefined;
      const next = json?.response_action === 'update' && json.view ? remember(view.id, json.view) : undefined;
      return { answer, next, errors: json?.response_action === 'errors' ? (json.errors ?? {}) : undefined, payload };
    },
    /** Presses a button or menu entry of the modal by its action id; resolves with the updated modal. */
    async press(view: StoredView, actionId: string, trigger = triggerId()) {
      const action = renderedActions(view).find((a) => a.id === actionId && a.kind === 'press');
      if (action?.kind !== 'press') throw new Error(`the modal offers no button ${actionId}`);
      const from = h.fake.calls.length;
      const answer = await h.send(
        interactionRequest(viewAction(who, view, action.element, filledState(view), trigger)),
      );
      if (answer.status !== 200) return { answer, next: undefined };
      const call = await h.fake.waitForCall((c) => c.method === 'views.update' && c.params.view_id === view.id, from);
      return { answer, next: structuredClone(h.fake.views.get(String(call.params.view_id)) as StoredView), call };
    },
    async close(view: StoredView) {
      return h.send(interactionRequest(viewClosed(who, view)));
    },
    meta: metaOf,
  };
}
