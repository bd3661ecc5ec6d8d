import { createHash } from 'node:crypto';
import type { AuditEvent, Tenant } from './types.js';

/** The hash before a tenant's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every level, so the same event always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** An event's hash: of the previous hash and every field of the event, tenant and place included. */
export function eventHash(event: Omit<AuditEvent, 'hash'>): string {
  const { tenant, seq, at, actor, kind, subject, data, prevHash } = event;
  const body = canonicalJson({ tenant: `${tenant.platform}:${tenant.workspace}`, seq, at, actor, kind, subject, data });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

export interface ChainProblem {
  tenant: string;
  seq: number;
  problem: 'edited' | 'missing' | 'out of order' | 'tail deleted';
  detail: string;
}

/**
 * Checks one tenant's chain as stored: every event's hash recomputes, each links to the one before,
 * seq runs 1, 2, 3 … without a gap, and the chain ends where the recorded head says it does.
 */
export function verifyChain(
  tenant: Tenant,
  events: readonly AuditEvent[],
  head: { seq: number; hash: string } | undefined,
): ChainProblem[] {
  const name = `${tenant.platform}:${tenant.workspace}`;
  const problems: ChainProblem[] = [];
  let previous = GENESIS_HASH;
  let expected = 1;
  for (const event of events) {
    if (event.seq !== expected) {
      problems.push({
        tenant: name,
        seq: event.seq,
        problem: event.seq > expected ? 'missing' : 'out of order',
        detail:
          event.seq > expected
            ? `events ${expected}–${event.seq - 1} are gone`
            : `event ${event.seq} appears after event ${expected - 1}`,
      });
    } else if (event.prevHash !== previous) {
      problems.push({
        tenant: name,
        seq: event.seq,
        problem: 'out of order',
        detail: 'it does not follow the event before it (its previous hash differs)',
      });
    }
    if (eventHash(event) !== event.hash) {
      problems.push({
        tenant: name,
        seq: event.seq,
        problem: 'edited',
        detail: 'its content no longer matches its hash',
      });
    }
    previous = event.hash;
    expected = event.seq + 1;
  }
  const last = events.at(-1);
  if (head && (!last || head.seq !== last.seq || head.hash !== last.hash)) {
    problems.push({
      tenant: name,
      seq: head.seq,
      problem: 'tail deleted',
      detail: `the chain should end at event ${head.seq}, but ends at ${last?.seq ?? 0}`,
    });
  }
  return problems;
}
