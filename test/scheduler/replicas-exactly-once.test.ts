import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../../bench/slack/support/fake-slack.js';
import { listen, routeServer } from '../../src/cli/serve/http-server.js';
import { startSlack } from '../../src/cli/serve/slack.js';
import { startTeams } from '../../src/cli/serve/teams.js';
import { loadConfig } from '../../src/config.js';
import {
  approvalRegistration,
  ConversationEngine,
  interviewRegistration,
  PlanDirectory,
  REMINDER_KINDS,
  reminderHandlers,
  reviewRegistration,
  TimeZones,
  Workspaces,
} from '../../src/conversation/index.js';
import { Scheduler, type TickResult } from '../../src/scheduler/scheduler.js';
import { openStore, type Store, type Tenant } from '../../src/store/index.js';
import { seedRetailPlan } from '../adapters/slack/support/seed.js';
import { FakeConnector } from '../adapters/teams/fake-connector.js';
import { POSTGRES_URL, postgresDatabase, type TestDatabase } from '../conversation/dialects.js';

const PER_PLATFORM = 500;
const SLACK: Tenant = { platform: 'slack', workspace: 'T0FAKE' };
const TEAMS: Tenant = { platform: 'teams', workspace: 'tenant-exactly-once' };
/** A Tuesday, 10:00 UTC: everyone is in working hours. */
const NOW = new Date('2026-12-01T10:00:00Z');

/** One replica of keyplan serve: its own store pool, engine, Slack and Teams, and scheduler. */
async function replica(name: string, database: TestDatabase, slack: FakeSlack, connector: FakeConnector) {
  const store = await openStore(POSTGRES_URL, { schema: database.schema as string });
  const engine = new ConversationEngine({
    store,
    flows: [interviewRegistration, approvalRegistration, reviewRegistration],
    now: () => NOW,
  });
  const config = loadConfig({
    SLACK_SIGNING_SECRET: 'exactly-once-signing-secret-0123456789',
    SLACK_BOT_TOKEN: 'xoxb-exactly-once',
    SLACK_API_URL: slack.apiUrl,
    TEAMS_ENABLED: 'true',
    DATABASE_URL: POSTGRES_URL,
    PORT: '0',
  });
  const context = {
    engine,
    store,
    plans: new PlanDirectory(store),
    workspaces: new Workspaces(store),
    timeZones: new TimeZones(store),
    audit: async () => {
      throw new Error('no AWS here');
    },
    log: () => undefined,
  };
  const platforms = [await startSlack(config, context), await startTeams(config, context)];
  for (const platform of platforms) engine.attachSink(platform.name, platform.sink);
  const server: Server = routeServer(Object.assign({}, ...platforms.map((p) => p.routes)), () => undefined);
  const port = await listen(server, 0);
  // Teams tells a replica its service URL and bot id with the first activity it delivers there.
  const hello = await fetch(`http://127.0.0.1:${port}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message',
      id: randomUUID(),
      channelId: 'msteams',
      serviceUrl: connector.url,
      text: 'help',
      from: { id: '29:owner-0', aadObjectId: 'owner-0', name: 'Owner' },
      recipient: { id: '28:keyplan-bot', name: 'keyplan' },
      conversation: { id: `a:personal-${name}`, conversationType: 'personal', tenantId: TEAMS.workspace },
      channelData: { tenant: { id: TEAMS.workspace } },
    }),
  });
  expect(hello.status).toBe(200);
  const scheduler = new Scheduler({
    store,
    owner: name,
    now: () => NOW,
    batch: 25,
    handlers: reminderHandlers({ engine, store, timeZoneOf: async () => undefined }),
  });
  return {
    store,
    engine,
    scheduler,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      for (const platform of platforms) await platform.stop();
      await store.close();
    },
  };
}

describe('two schedulers on one PostgreSQL', () => {
  let database: TestDatabase;
  let slack: FakeSlack;
  let connector: FakeConnector;
  let replicas: Awaited<ReturnType<typeof replica>>[];
  let seeded: Store;

  beforeAll(async () => {
    database = postgresDatabase();
    seeded = await database.open();
    slack = await startFakeSlack();
    connector = await new FakeConnector().start();
    replicas = [
      await replica('replica-a', database, slack, connector),
      await replica('replica-b', database, slack, connector),
    ];
  }, 60_000);
  afterAll(async () => {
    for (const r of replicas ?? []) await r.close();
    await seeded?.close();
    await slack?.close();
    await connector?.stop();
    await database?.drop();
  });

  it(`send each of ${2 * PER_PLATFORM} due reviews exactly once, counted at the fake Slack and Teams APIs`, async () => {
    const [a, b] = replicas as [Awaited<ReturnType<typeof replica>>, Awaited<ReturnType<typeof replica>>];
    const plans = {
      slack: await seedRetailPlan(a.engine, SLACK, 'U-OWNER'),
      teams: await seedRetailPlan(a.engine, TEAMS, 'owner-0'),
    };
    const owners: Record<'slack' | 'teams', string[]> = { slack: [], teams: [] };
    for (const tenant of [SLACK, TEAMS]) {
      const platform = tenant.platform as 'slack' | 'teams';
      for (let i = 0; i < PER_PLATFORM; i++) {
        const owner = platform === 'slack' ? `U${String(i).padStart(6, '0')}` : `aad-${i}`;
        owners[platform].push(owner);
        await seeded.reminders.schedule({
          tenant,
          id: `review:${platform}:${i}`,
          kind: REMINDER_KINDS.reviewDue,
          subject: plans[platform],
          data: {
            planId: plans[platform],
            profileId: 'acme-retail',
            organization: 'Acme Retail',
            owner,
            intervalDays: 90,
          },
          dueAt: new Date(NOW.getTime() - (i % 60) * 60_000).toISOString(),
        });
      }
    }
    const slackBefore = slack.callsTo('chat.postMessage').length;
    const teamsBefore = connector.calls.length;

    const totals: TickResult[] = [];
    for (let round = 0; round < 100; round++) {
      const results = await Promise.all([a.scheduler.tick(), b.scheduler.tick(), a.scheduler.tick()]);
      totals.push(...results);
      if (results.every((r) => r.claimed === 0)) break;
    }
    const sent = totals.reduce((sum, r) => sum + r.sent, 0);
    expect(sent).toBe(2 * PER_PLATFORM);
    expect(totals.reduce((sum, r) => sum + r.failed, 0)).toBe(0);

    // Slack: one direct message per owner, no more.
    const dms = slack.callsTo('chat.postMessage').slice(slackBefore);
    const slackRecipients = dms.map((call) => String(call.params.channel));
    expect(slackRecipients).toHaveLength(PER_PLATFORM);
    expect(new Set(slackRecipients)).toEqual(new Set(owners.slack));

    // Teams: a personal chat opened and one card sent per owner, no more.
    const teamsCalls = connector.calls.slice(teamsBefore);
    const created = teamsCalls.filter((call) => call.kind === 'create');
    const sends = teamsCalls.filter((call) => call.kind === 'send');
    expect(sends).toHaveLength(PER_PLATFORM);
    const members = created.map((call) => {
      const body = call.body as { members?: { id: string }[] };
      return body.members?.[0]?.id;
    });
    expect(new Set(members).size).toBe(PER_PLATFORM);

    const left = await seeded.reminders.list({ states: ['due', 'claimed', 'failed'] });
    expect(left).toEqual([]);
    const done = await seeded.reminders.list({ states: ['sent'], limit: 1_000 });
    expect(done).toHaveLength(2 * PER_PLATFORM);
    expect(done.every((r) => r.attempts === 1)).toBe(true);
    // Both replicas did part of the work.
    expect(new Set(done.map((r) => r.claimedBy))).toEqual(new Set(['replica-a', 'replica-b']));
  }, 240_000);
});
