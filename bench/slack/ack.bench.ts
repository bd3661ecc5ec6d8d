import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { App, LogLevel } from '@slack/bolt';
import { listen, routeServer } from '../../src/cli/serve/http-server.js';
import { startSlack } from '../../src/cli/serve/slack.js';
import { loadConfig } from '../../src/config.js';
import { ConversationEngine, interviewRegistration, PlanDirectory } from '../../src/conversation/index.js';
import { openStore } from '../../src/store/index.js';
import { RETAIL_ANSWERS } from '../../test/flows/drive.js';
import { fmt, line } from '../support/measure.js';

const SECRET = 'bench-signing-secret';
const CONCURRENCY = 50;
const WARMUP_ROUNDS = 2;
const ROUNDS = 20;
const TARGET_RATIO = 1.5;

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

/**
 * Slack's 3-second rule, measured: how long `/keyplan` and a modal submission take to be acknowledged
 * when 50 signed requests arrive at once, for keyplan (whose submission ack carries the next view, so it
 * includes a stored engine turn on SQLite) and for a bare Bolt app that only acks, in the same run.
 */
export default async function slackAckBench(): Promise<void> {
  const load = await startLoad();
  const dir = mkdtempSync(join(tmpdir(), 'keyplan-slack-bench-'));
  const databaseUrl = `sqlite:${join(dir, 'keyplan.db')}`;
  const store = await openStore(databaseUrl);
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
    plans: new PlanDirectory(store),
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
  const samples = {
    keyplanCommand: [] as number[],
    bareCommand: [] as number[],
    keyplanSubmit: [] as number[],
    bareSubmit: [] as number[],
  };
  try {
    for (let round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
      const measured = round >= WARMUP_ROUNDS;
      const users = Array.from({ length: CONCURRENCY }, () => `U${randomUUID().slice(0, 8).toUpperCase()}`);
      // Alternate who goes first, so neither always meets a machine still busy with the other.
      const keyplanFirst = round % 2 === 0;
      const commands = async (target: 'keyplan' | 'bare') =>
        target === 'keyplan' ? load.commands(keyplanUrl, users, true) : load.commands(bare.url, users);
      const submissions = (target: 'keyplan' | 'bare') =>
        load.submissions(target === 'keyplan' ? keyplanUrl : bare.url, users, first.values);
      const order = keyplanFirst ? (['keyplan', 'bare'] as const) : (['bare', 'keyplan'] as const);
      const commandRounds: Record<string, Round> = {};
      for (const target of order) commandRounds[target] = await commands(target);
      const submitRounds: Record<string, Round> = {};
      for (const target of order) submitRounds[target] = await submissions(target);
      for (const [target, result] of Object.entries({ ...commandRounds })) check(result, `${target} /keyplan`);
      for (const [target, result] of Object.entries({ ...submitRounds })) check(result, `${target} submission`);
      if (submitRounds.keyplan?.updates !== CONCURRENCY) {
        throw new Error(
          `keyplan answered ${submitRounds.keyplan?.updates} of ${CONCURRENCY} submissions with the next view`,
        );
      }
      if (!measured) continue;
      samples.keyplanCommand.push(...(commandRounds.keyplan?.latencies ?? []));
      samples.bareCommand.push(...(commandRounds.bare?.latencies ?? []));
      samples.keyplanSubmit.push(...(submitRounds.keyplan?.latencies ?? []));
      samples.bareSubmit.push(...(submitRounds.bare?.latencies ?? []));
    }
  } finally {
    await bare.stop();
    await platform.stop();
    server.closeAllConnections();
    server.close();
    await load.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const report = (what: string, mine: number[], baseline: number[]) => {
    const ratio = percentile(mine, 99) / percentile(baseline, 99);
    line(
      `${what}: keyplan p50 ${fmt(percentile(mine, 50))} ms, p99 ${fmt(percentile(mine, 99))} ms; bare Bolt p50 ${fmt(percentile(baseline, 50))} ms, p99 ${fmt(percentile(baseline, 99))} ms — p99 ×${fmt(ratio)} (target ≤ ${TARGET_RATIO}) ${ratio <= TARGET_RATIO ? 'met' : 'NOT met'}`,
    );
  };
  line(`Slack acks, ${CONCURRENCY} concurrent signed requests × ${ROUNDS} rounds (SQLite store), loopback:`);
  report('/keyplan', samples.keyplanCommand, samples.bareCommand);
  report('modal submission', samples.keyplanSubmit, samples.bareSubmit);
}
