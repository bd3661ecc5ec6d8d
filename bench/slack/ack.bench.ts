import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { App, LogLevel } from '@slack/bolt';
import pg from 'pg';
import { listen, routeServer } from '../../src/cli/serve/http-server.js';
import { startSlack } from '../../src/cli/serve/slack.js';
import { loadConfig } from '../../src/config.js';
import {
  ConversationEngine,
  interviewRegistration,
  PlanDirectory,
  TimeZones,
  Workspaces,
} from '../../src/conversation/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { RETAIL_ANSWERS } from '../../test/flows/drive.js';
import { fmt, line } from '../support/measure.js';

const SECRET = 'bench-signing-secret';
const CONCURRENCY = 50;
const WARMUP_ROUNDS = 2;
const ROUNDS = 20;
const TARGET_RATIO = 1.5;
/**
 * Pause after each burst: keyplan's work after its acks (opening modals, recording where they are) is
 * done before the next burst, as it would be while people read and fill in the window.
 */
const SETTLE_MS = 400;

interface Round {
  latencies: number[];
  statuses: number[];
  updates?: number;
}

/** The load generator and the loopback Slack, on their own thread. */
async function startLoad() {
  const worker = new Worker(new URL('./load-worker.js', import.meta.url));
  const [ready] = (await once(worker, 'message')) as [{ apiUrl: string }];
  const ask = async (message: Record<string, unknown>): Promise<Round> => {
    worker.postMessage({ secret: SECRET, ...message });
    const [answer] = (await once(worker, 'message')) as [Round];
    return answer;
  };
  return {
    apiUrl: ready.apiUrl,
    commands: (url: string, users: string[], awaitViews = false) => ask({ op: 'commands', url, users, awaitViews }),
    submissions: (url: string, users: string[], answers: Record<string, unknown>) =>
      ask({ op: 'submissions', url, users, answers }),
    async close() {
      worker.postMessage({ op: 'close' });
      await once(worker, 'exit');
    },
  };
}

/** A Bolt app that only acknowledges, with the same Bolt settings as keyplan's. */
async function startBareBolt(): Promise<{ url: string; stop: () => Promise<void> }> {
  const app = new App({
    token: 'xoxb-bare',
    botId: 'BBARE',
    botUserId: 'UBARE',
    signingSecret: SECRET,
    logLevel: LogLevel.ERROR,
    ignoreSelf: false,
    convoStore: false,
  });
  app.command('/keyplan', async ({ ack }) => {
    await ack();
  });
  app.view('keyplan.interview', async ({ ack }) => {
    await ack();
  });
  const server = (await app.start(0)) as Server;
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`,
    stop: async () => {
      await app.stop();
    },
  };
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

function check(round: Round, what: string): void {
  const bad = round.statuses.filter((status) => status !== 200).length;
  if (bad > 0) throw new Error(`${what}: ${bad} of ${round.statuses.length} requests were not answered 200`);
}

const POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** Latencies per measured round (each round: 50 requests at once), for each app and request kind. */
interface Samples {
  keyplanCommand: number[][];
  bareCommand: number[][];
  keyplanSubmit: number[][];
  bareSubmit: number[][];
}

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** keyplan (on `store`) and the bare app, measured round by round on the same load. */
async function measure(
  load: Awaited<ReturnType<typeof startLoad>>,
  store: Store,
  databaseUrl: string,
): Promise<Samples> {
  const engine = new ConversationEngine({ store, flows: [interviewRegistration] });
  const log = (text: string) => {
    if (!text.startsWith('keyplan serve:')) line(`  (${text})`);
  };
  const config = loadConfig({
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_API_URL: load.apiUrl,
    DATABASE_URL: databaseUrl,
    PORT: '0',
  });
  const platform = await startSlack(config, {
    engine,
    store,
    workspaces: new Workspaces(store),
    plans: new PlanDirectory(store),
    timeZones: new TimeZones(store),
    audit: async () => {
      throw new Error('no audit in the benchmark');
    },
    log,
  });
  engine.attachSink('slack', platform.sink);
  const server = routeServer(platform.routes, log);
  const keyplanUrl = `http://127.0.0.1:${await listen(server, 0)}/slack/events`;
  await platform.start();
  const bare = await startBareBolt();

  const first = RETAIL_ANSWERS[0];
  if (first?.type !== 'SUBMIT') throw new Error('the retail script starts with answers');
  const samples: Samples = { keyplanCommand: [], bareCommand: [], keyplanSubmit: [], bareSubmit: [] };
  try {
    for (let round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
      const users = Array.from({ length: CONCURRENCY }, () => `U${randomUUID().slice(0, 8).toUpperCase()}`);
      // Alternate who goes first, so neither always meets a machine still busy with the other.
      const order = round % 2 === 0 ? (['keyplan', 'bare'] as const) : (['bare', 'keyplan'] as const);
      const commandRounds: Partial<Record<'keyplan' | 'bare', Round>> = {};
      for (const target of order) {
        commandRounds[target] =
          target === 'keyplan' ? await load.commands(keyplanUrl, users, true) : await load.commands(bare.url, users);
        await sleep(SETTLE_MS);
      }
      const submitRounds: Partial<Record<'keyplan' | 'bare', Round>> = {};
      for (const target of order) {
        submitRounds[target] = await load.submissions(
          target === 'keyplan' ? keyplanUrl : bare.url,
          users,
          first.values,
        );
      }
      for (const [target, result] of Object.entries(commandRounds)) check(result, `${target} /keyplan`);
      for (const [target, result] of Object.entries(submitRounds)) check(result, `${target} submission`);
      if (submitRounds.keyplan?.updates !== CONCURRENCY) {
        throw new Error(
          `keyplan answered ${submitRounds.keyplan?.updates} of ${CONCURRENCY} submissions with the next view`,
        );
      }
      if (round < WARMUP_ROUNDS) continue;
      samples.keyplanCommand.push(commandRounds.keyplan?.latencies ?? []);
      samples.bareCommand.push(commandRounds.bare?.latencies ?? []);
      samples.keyplanSubmit.push(submitRounds.keyplan?.latencies ?? []);
      samples.bareSubmit.push(submitRounds.bare?.latencies ?? []);
    }
  } finally {
    await bare.stop();
    await platform.stop();
    server.closeAllConnections();
    server.close();
  }
  return samples;
}

/**
 * Pooled p50/p99 over every measured request, and the median over rounds of each round's p99 ratio:
 * adjacent rounds of the two apps meet the same machine, so that median shrugs off a busy moment.
 */
function report(samples: Samples): void {
  const one = (what: string, mine: number[][], baseline: number[][]) => {
    const all = mine.flat();
    const base = baseline.flat();
    const ratio = percentile(all, 99) / percentile(base, 99);
    const perRound = mine.map((round, i) => percentile(round, 99) / percentile(baseline[i] ?? round, 99));
    line(
      `  ${what}: keyplan p50 ${fmt(percentile(all, 50))} ms, p99 ${fmt(percentile(all, 99))} ms; bare Bolt p50 ${fmt(percentile(base, 50))} ms, p99 ${fmt(percentile(base, 99))} ms — p99 ×${fmt(ratio)} (median of rounds ×${fmt(percentile(perRound, 50))}; target ≤ ${TARGET_RATIO}) ${ratio <= TARGET_RATIO ? 'met' : 'NOT met'}`,
    );
  };
  one('/keyplan', samples.keyplanCommand, samples.bareCommand);
  one('modal submission', samples.keyplanSubmit, samples.bareSubmit);
}

/**
 * Slack's 3-second rule, measured: how long `/keyplan` and a modal submission take to be acknowledged
 * when 50 signed requests arrive at once, for keyplan (whose submission ack carries the next view, so it
 * includes a stored engine turn) and for a bare Bolt app that only acks, in the same run, on SQLite and
 * (when it is reachable) PostgreSQL.
 */
export default async function slackAckBench(): Promise<void> {
  const load = await startLoad();
  try {
    line(`Slack acks, ${CONCURRENCY} concurrent signed requests × ${ROUNDS} rounds, loopback:`);
    const dir = mkdtempSync(join(tmpdir(), 'keyplan-slack-bench-'));
    const sqliteUrl = `sqlite:${join(dir, 'keyplan.db')}`;
    const sqlite = await openStore(sqliteUrl);
    try {
      const samples = await measure(load, sqlite, sqliteUrl);
      line('SQLite store:');
      report(samples);
    } finally {
      await sqlite.close();
      rmSync(dir, { recursive: true, force: true });
    }
    if (!(await postgresReachable())) {
      line(`PostgreSQL: not reachable at ${POSTGRES_URL}; skipped`);
      return;
    }
    const schema = `keyplan_slack_bench_${randomUUID().replaceAll('-', '')}`;
    const postgres = await openStore(POSTGRES_URL, { schema });
    try {
      const samples = await measure(load, postgres, POSTGRES_URL);
      line('PostgreSQL store:');
      report(samples);
    } finally {
      await postgres.close();
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`drop schema if exists "${schema}" cascade`);
      await client.end();
    }
  } finally {
    await load.close();
  }
}
