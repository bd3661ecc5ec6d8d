import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { initialTransition, transition } from 'xstate';
import { type InterviewEvent, interviewMachine } from '../../flows/interview.machine.js';
import { ConversationEngine, INTERVIEW_FLOW, interviewRegistration } from '../../src/conversation/index.js';
import { openStore, type Store, type Tenant } from '../../src/store/index.js';
import { fmt, line } from '../support/measure.js';

const CONVERSATIONS = 10_000;
/** Conversations in flight at once, as on a busy bot replica. */
const CONCURRENCY = 32;
const POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';

const ORGANIZATION = {
  name: 'Bench Org',
  traits: 'central-security-function',
  securityTeam: 'sec',
  securityKeyAdmins: 'SecAdmins',
};
const CLASSIFICATIONS = { names: 'public, internal, confidential' };
/** Each conversation: open, answer the organisation, answer the classifications. */
const TURNS_PER_CONVERSATION = 3;

type Stored = { value: unknown; context: unknown };

/** One turn in memory the way the engine takes it: restore, transition, serialise. */
function memoryTurn(stored: Stored | undefined, event: InterviewEvent | undefined): Stored {
  let snapshot = stored
    ? interviewMachine.resolveState(stored as Parameters<typeof interviewMachine.resolveState>[0])
    : initialTransition(interviewMachine, {})[0];
  if (event) [snapshot] = transition(interviewMachine, snapshot, event);
  return JSON.parse(JSON.stringify({ value: snapshot.value, context: snapshot.context })) as Stored;
}

const MEMORY_EVENTS: (InterviewEvent | undefined)[] = [
  undefined,
  { type: 'SUBMIT', values: ORGANIZATION },
  { type: 'SUBMIT', values: CLASSIFICATIONS },
];

/** The baseline: the same transitions in memory, without locking or storage. */
function rawTransitionsPerSecond(): number {
  const count = 5_000;
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    let stored: Stored | undefined;
    for (const event of MEMORY_EVENTS) stored = memoryTurn(stored, event);
  }
  return (count * MEMORY_EVENTS.length) / ((performance.now() - start) / 1000);
}

/** Persisted turns per second with CONCURRENCY conversations in flight, and each turn's latency. */
async function turnsPerSecond(store: Store): Promise<{ rate: number; latencies: number[] }> {
  const engine = new ConversationEngine({ store, flows: [interviewRegistration] });
  const tenant: Tenant = { platform: 'slack', workspace: `bench-${randomUUID()}` };
  const latencies: number[] = [];
  const timed = async <T>(fn: () => Promise<T>): Promise<T> => {
    const begin = performance.now();
    const result = await fn();
    latencies.push(performance.now() - begin);
    return result;
  };
  let next = 0;
  const start = performance.now();
  const worker = async () => {
    for (let i = next++; i < CONVERSATIONS; i = next++) {
      const actor = { userId: `U${i}` };
      const opened = await timed(() => engine.open({ tenant, actor, flow: INTERVIEW_FLOW, conversationId: `c-${i}` }));
      let result = opened;
      for (const values of [ORGANIZATION, CLASSIFICATIONS]) {
        const on = result;
        result = await timed(() =>
          engine.act({ tenant, actor, conversationId: on.conversationId, actionId: 'next', stamp: on.stamp!, values }),
        );
        if (result.outcome !== 'applied') throw new Error(`bench turn was ${result.outcome}`);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const rate = (CONVERSATIONS * TURNS_PER_CONVERSATION) / ((performance.now() - start) / 1000);
  return { rate, latencies };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function snapshotFigures(): { bytes: number; restoreMicros: number } {
  let stored: Stored | undefined;
  for (const event of MEMORY_EVENTS) stored = memoryTurn(stored, event);
  const json = JSON.stringify(stored);
  const rounds = 5_000;
  const start = performance.now();
  for (let i = 0; i < rounds; i++) {
    interviewMachine.resolveState(JSON.parse(json) as Parameters<typeof interviewMachine.resolveState>[0]);
  }
  return { bytes: Buffer.byteLength(json), restoreMicros: ((performance.now() - start) * 1000) / rounds };
}

async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

async function measure(
  name: string,
  target: number,
  baseline: number,
  open: () => Promise<Store>,
  cleanUp: () => Promise<void>,
): Promise<void> {
  const store = await open();
  try {
    const { rate, latencies } = await turnsPerSecond(store);
    const sorted = [...latencies].sort((a, b) => a - b);
    line(
      `${name}: ${fmt(rate, 0)} turns/s over ${CONVERSATIONS} conversations (${fmt(rate / baseline, 3)} × baseline; target ≥ ${target}: ${rate >= target ? 'met' : 'missed'})`,
    );
    line(
      `${name}: one turn p50 ${fmt(percentile(sorted, 50), 1)} ms, p99 ${fmt(percentile(sorted, 99), 1)} ms with ${CONCURRENCY} in flight (Slack allows 3,000 ms)`,
    );
  } finally {
    await store.close();
    await cleanUp();
  }
}

/** Issue 3's targets: ≥ 2,000 turns/s on SQLite and ≥ 1,000 on PostgreSQL on this 2-core machine. */
export default async function engineBench(): Promise<void> {
  const raw = rawTransitionsPerSecond();
  line(`in-memory transitions (baseline): ${fmt(raw, 0)} turns/s`);
  const { bytes, restoreMicros } = snapshotFigures();
  line(`snapshot after 2 answers: ${bytes} bytes; restore ${fmt(restoreMicros, 1)} µs`);

  const dir = mkdtempSync(join(tmpdir(), 'keyplan-bench-'));
  await measure(
    'SQLite',
    2000,
    raw,
    () => openStore(`sqlite:${join(dir, 'bench.db')}`),
    async () => rmSync(dir, { recursive: true, force: true }),
  );
  if (!(await postgresAvailable())) {
    line(`PostgreSQL: not reachable at ${POSTGRES_URL}; skipped`);
    return;
  }
  const schema = `keyplan_bench_${randomUUID().replaceAll('-', '')}`;
  await measure(
    'PostgreSQL',
    1000,
    raw,
    () => openStore(POSTGRES_URL, { schema }),
    async () => {
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`drop schema if exists "${schema}" cascade`);
      await client.end();
    },
  );
}
