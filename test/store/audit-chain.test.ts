import { describe, expect, it } from 'vitest';
import { eventHash, GENESIS_HASH, verifyChain } from '../../src/store/audit-chain.js';
import type { AuditEvent } from '../../src/store/index.js';

const tenant = { platform: 'slack', workspace: 'T1' } as const;

function chain(count: number): AuditEvent[] {
  const events: AuditEvent[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= count; seq++) {
    const event = {
      tenant,
      seq,
      at: `2030-01-0${seq}T00:00:00.000Z`,
      actor: 'U1',
      kind: 'k',
      subject: 's',
      data: { seq },
      prevHash,
    };
    const hash = eventHash(event);
    events.push({ ...event, hash });
    prevHash = hash;
  }
  return events;
}

const headOf = (events: AuditEvent[]) => ({ seq: events.at(-1)?.seq ?? 0, hash: events.at(-1)?.hash ?? '' });

describe('the audit trail’s hash chain', () => {
  it('verifies an untouched chain', () => {
    const events = chain(5);
    expect(verifyChain(tenant, events, headOf(events))).toEqual([]);
  });

  it('names an edited event', () => {
    const events = chain(5);
    const head = headOf(events);
    const edited = events.map((e) => (e.seq === 3 ? { ...e, data: { seq: 3, approvedBy: 'someone else' } } : e));
    expect(verifyChain(tenant, edited, head)).toEqual([expect.objectContaining({ seq: 3, problem: 'edited' })]);
  });

  it('names a deleted event, and a deleted tail the head remembers', () => {
    const events = chain(5);
    const head = headOf(events);
    const gap = events.filter((e) => e.seq !== 2);
    expect(verifyChain(tenant, gap, head)).toEqual([
      expect.objectContaining({ seq: 3, problem: 'missing', detail: 'events 2–2 are gone' }),
    ]);
    expect(verifyChain(tenant, events.slice(0, 4), head)).toEqual([
      expect.objectContaining({ problem: 'tail deleted', seq: 5 }),
    ]);
  });

  it('names reordered events, even with their seq numbers swapped back', () => {
    const events = chain(4);
    const head = headOf(events);
    const [a, b, c, d] = events as [AuditEvent, AuditEvent, AuditEvent, AuditEvent];
    const swapped = [a, { ...c, seq: 2 }, { ...b, seq: 3 }, d];
    const problems = verifyChain(tenant, swapped, head);
    expect(problems.map((p) => p.seq)).toContain(2);
    expect(problems.some((p) => p.problem === 'out of order' || p.problem === 'edited')).toBe(true);
  });
});
