import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import { z } from 'zod';
import { KeyplanError, type KeyplanErrorCode } from '../../src/core/errors.js';
import type { Store, Tenant } from '../../src/store/index.js';

/** Opens Store instances on one database; the contract suites run against any dialect through it. */
export interface StoreHarness {
  readonly dialect: 'sqlite' | 'postgres';
  /** A new Store on the same database (another connection / replica); the caller closes it. */
  open(options?: { now?: () => Date }): Promise<Store>;
  /** Rows of the kysely migration table, read behind the store's back. */
  migrationRows(): Promise<string[]>;
  /** Drops whatever the harness created. */
  cleanup(): Promise<void>;
}

/** Every test works in its own tenant, so tests sharing a database never see each other's rows. */
export function freshTenant(platform: Tenant['platform'] = 'slack'): Tenant {
  return { platform, workspace: `T-${randomUUID()}` };
}

/** A clock that moves one second per reading, so orderings by time are deterministic. */
export function tickingClock(start = Date.parse('2030-01-01T00:00:00.000Z')): () => Date {
  let now = start;
  return () => {
    now += 1000;
    return new Date(now);
  };
}

export async function expectKeyplanError(promise: Promise<unknown>, code: KeyplanErrorCode): Promise<KeyplanError> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(KeyplanError);
  const error = outcome as KeyplanError;
  expect(error.code).toBe(code);
  return error;
}

const Counter = z.object({ count: z.number().int() });

export async function createCounter(store: Store, tenant: Tenant, id: string): Promise<void> {
  await store.conversations.create({
    tenant,
    id,
    userId: 'U1',
    flow: 'counter',
    machineVersion: 1,
    snapshot: { count: 0 },
    status: 'active',
  });
}

export async function readCounter(
  store: Store,
  tenant: Tenant,
  id: string,
): Promise<{ count: number; version: number }> {
  const record = await store.conversations.get(tenant, id);
  if (record === undefined) throw new Error(`counter ${id} is missing`);
  return { count: Counter.parse(record.snapshot).count, version: record.version };
}

/**
 * A read-modify-write under withLock. The pause between read and write gives an unserialised writer every
 * chance to interleave; it would then hit STORE_CONFLICT on save, failing the caller's Promise.all.
 */
export function incrementUnderLock(store: Store, tenant: Tenant, id: string): Promise<void> {
  return store.withLock(tenant, `conversation:${id}`, async (tx) => {
    const current = await tx.conversations.get(tenant, id);
    if (current === undefined) throw new Error(`counter ${id} is missing`);
    const { count } = Counter.parse(current.snapshot);
    await sleep(1);
    await tx.conversations.save(tenant, id, current.version, {
      snapshot: { count: count + 1 },
      status: 'active',
      machineVersion: 1,
    });
  });
}
