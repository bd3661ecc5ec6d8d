import { buildClients } from '../../src/audit/aws/clients.js';
import { collectInventory } from '../../src/audit/inventory/collect.js';
import {
  type ApiLimit,
  createGates,
  defaultLimits,
  KMS_REQUEST_QUOTAS,
  socketsFor,
} from '../../src/audit/inventory/quotas.js';
import type { KmsReadApi } from '../../src/audit/model/inventory.js';
import { auditCommand } from '../../src/cli/audit-command.js';
import { memoryIo } from '../../src/cli/io.js';
import { startLoopbackKmsThread } from '../support/loopback-kms-thread.js';
import { fmt, line } from '../support/measure.js';
import { FIXTURE_REGION, syntheticAccount } from './fixture.js';

const KEYS = 2000;
const RUNS = 3;
const TARGET_RATIO = 1.3;
/**
 * The diagnostic runs divide every quota by this (on half the keys, to keep them short), so that the
 * quotas and not the client's CPU are what binds.
 */
const SLOW = 8;
const DIAGNOSTIC_KEYS = KEYS / 2;

type Account = ReturnType<typeof syntheticAccount>;

interface RunResult {
  wallMs: number;
  boundMs: number;
  boundApi: string;
  requests: number;
  throttled: number;
  /** Share of the wall time the client's event loop was busy: near 100% means CPU-bound. */
  busy: number;
}

function scaled(factor: number): Record<KmsReadApi, number> {
  const quotas = {} as Record<KmsReadApi, number>;
  for (const [api, quota] of Object.entries(KMS_REQUEST_QUOTAS) as Array<[KmsReadApi, number]>)
    quotas[api] = quota / factor;
  return quotas;
}

/**
 * One audit against the loopback double (in its own thread) enforcing `quotas` with token buckets.
 * `gates` null runs the real `keyplan audit` command with its defaults; otherwise the inventory alone,
 * with client gates built from those limits.
 */
async function auditOnce(
  account: Account,
  quotas: Record<KmsReadApi, number>,
  gates: Record<KmsReadApi, ApiLimit> | null,
): Promise<RunResult> {
  const server = await startLoopbackKmsThread({ keys: account.keys, aliases: account.aliases, quotas });
  const { kms } = buildClients({
    region: FIXTURE_REGION,
    endpoint: server.url,
    maxSockets: socketsFor(defaultLimits()),
    credentials: { accessKeyId: 'AKIDLOOPBACKBENCH', secretAccessKey: 'loopback-secret' },
  });
  const { io, stdout } = memoryIo({ cwd: process.cwd() });
  const loop = performance.eventLoopUtilization();
  const start = performance.now();
  let scanned: number;
  let unreadable: number;
  if (gates === null) {
    const code = await auditCommand(['--format', 'json'], io, { kmsClient: kms });
    const report = JSON.parse(stdout()) as { scanned: number; keys: Array<{ readable: boolean }> };
    if (code !== 0) throw new Error(`audit benchmark: exit code ${code}`);
    scanned = report.scanned;
    unreadable = report.keys.filter((key) => !key.readable).length;
  } else {
    const inventory = await collectInventory(kms, { gates: createGates(gates) });
    scanned = inventory.keys.length;
    unreadable = inventory.keys.filter((key) => key.unreadable.length > 0).length;
  }
  const wallMs = performance.now() - start;
  const busy = performance.eventLoopUtilization(loop).utilization;
  const { served, throttled } = await server.stats();
  await server.close();
  kms.destroy();
  if (scanned !== account.keys.length || unreadable > 0) {
    throw new Error(`audit benchmark run is wrong: scanned ${scanned}, unreadable ${unreadable}`);
  }

  let boundMs = 0;
  let boundApi = '';
  for (const [api, quota] of Object.entries(quotas)) {
    const ms = ((served[api] ?? 0) / quota) * 1000;
    if (ms > boundMs) {
      boundMs = ms;
      boundApi = api;
    }
  }
  const count = (record: Record<string, number>) => Object.values(record).reduce((sum, n) => sum + n, 0);
  return { wallMs, boundMs, boundApi, requests: count(served), throttled: count(throttled), busy };
}

function summary(label: string, run: RunResult, target = ''): string {
  return `${label}: ${fmt(run.wallMs / 1000)} s, bound ${fmt(run.boundMs / 1000)} s (${run.boundApi}), ratio ${fmt(run.wallMs / run.boundMs)}${target}`;
}

/**
 * `keyplan audit` of 2,000 keys against a loopback KMS that enforces the per-API quotas of DESIGN.md §6:
 * wall time against the lower bound the quotas allow (for each API its calls ÷ its quota; the largest).
 * Two diagnostic runs with every quota divided by 8 separate the rate limiting from the client's CPU:
 * one with client gates scaled alike (how close the gates get to the quotas), one with the default gates
 * against the smaller quotas (the adaptive path: throttles, retries, back-off).
 */
export default async function auditBench(): Promise<void> {
  const account = syntheticAccount(KEYS);
  const runs: RunResult[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await auditOnce(account, scaled(1), null));
  const best = runs.reduce((a, b) => (b.wallMs < a.wallMs ? b : a));
  line(summary(`audit ${KEYS} keys`, best, ` (target ≤ ${TARGET_RATIO})`));
  const cpuMs = best.wallMs * best.busy;
  line(
    `  best of ${RUNS} (${runs.map((r) => fmt(r.wallMs / 1000)).join(', ')} s); ${best.requests} requests, ${best.throttled} throttled; client event loop busy ${Math.round(best.busy * 100)}% (${fmt(cpuMs / best.requests, 3)} ms per request${best.busy > 0.9 ? ': CPU-bound, the quotas are not what limits this run' : ''})`,
  );

  const tunedLimits = defaultLimits();
  for (const limit of Object.values(tunedLimits)) limit.ratePerSecond /= SLOW;
  const small = syntheticAccount(DIAGNOSTIC_KEYS);
  const tuned = await auditOnce(small, scaled(SLOW), tunedLimits);
  line(
    summary(
      `  ${DIAGNOSTIC_KEYS} keys, quotas ÷ ${SLOW}, client gates ÷ ${SLOW}`,
      tuned,
      `; ${tuned.throttled} throttled, client event loop busy ${Math.round(tuned.busy * 100)}%`,
    ),
  );
  const adaptive = await auditOnce(small, scaled(SLOW), defaultLimits());
  line(
    summary(
      `  ${DIAGNOSTIC_KEYS} keys, quotas ÷ ${SLOW}, default client gates (adaptive)`,
      adaptive,
      `; ${adaptive.throttled} throttled and retried, client event loop busy ${Math.round(adaptive.busy * 100)}%`,
    ),
  );
}
