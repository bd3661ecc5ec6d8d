import type { KmsReadApi } from '../model/inventory.js';
import { RateGate } from './rate-gate.js';

/** KMS request quotas, per second, per account and region (DESIGN.md §6). */
export const KMS_REQUEST_QUOTAS: Readonly<Record<KmsReadApi, number>> = {
  ListKeys: 500,
  ListAliases: 500,
  DescribeKey: 2000,
  GetKeyPolicy: 1000,
  GetKeyRotationStatus: 1000,
  ListResourceTags: 2000,
};

export interface ApiLimit {
  ratePerSecond: number;
  concurrency: number;
}

/**
 * Share of each quota the audit uses. The quota is shared with everything else in the account, and
 * client and server clocks never agree exactly, so aiming a little under it avoids the retry storms
 * that aiming at it causes; the gates still adapt downwards if someone else is busy.
 */
export const DEFAULT_HEADROOM = 0.95;

/** Listings follow their markers one page at a time. */
const SEQUENTIAL: ReadonlySet<KmsReadApi> = new Set(['ListKeys', 'ListAliases']);

/**
 * In-flight cap per API: enough to sustain the rate at up to ~50 ms of latency (rate x latency),
 * bounded so a quota of 2,000/s does not open hundreds of TLS connections.
 */
function concurrencyFor(api: KmsReadApi, rate: number): number {
  if (SEQUENTIAL.has(api)) return 1;
  return Math.min(100, Math.max(8, Math.ceil(rate * 0.05)));
}

export function defaultLimits(headroom = DEFAULT_HEADROOM): Record<KmsReadApi, ApiLimit> {
  const limits = {} as Record<KmsReadApi, ApiLimit>;
  for (const [api, quota] of Object.entries(KMS_REQUEST_QUOTAS) as Array<[KmsReadApi, number]>) {
    const ratePerSecond = quota * headroom;
    limits[api] = { ratePerSecond, concurrency: concurrencyFor(api, ratePerSecond) };
  }
  return limits;
}

/** Sockets the HTTP agent needs so the gates, not the socket pool, are what limits the audit. */
export function socketsFor(limits: Readonly<Record<KmsReadApi, ApiLimit>>): number {
  return Object.values(limits).reduce((sum, limit) => sum + limit.concurrency, 0);
}

export type Gates = Record<KmsReadApi, RateGate>;

export function createGates(limits: Readonly<Record<KmsReadApi, ApiLimit>> = defaultLimits()): Gates {
  const gates = {} as Gates;
  for (const [api, limit] of Object.entries(limits) as Array<[KmsReadApi, ApiLimit]>) {
    gates[api] = new RateGate({ ratePerSecond: limit.ratePerSecond, concurrency: limit.concurrency });
  }
  return gates;
}
