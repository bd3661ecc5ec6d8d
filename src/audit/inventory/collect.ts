import type { KMSClient } from '@aws-sdk/client-kms';
import { errorMessage, errorName, isPerKeyError } from '../aws/errors.js';
import type { Inventory, KeyRecord, KmsReadApi } from '../model/inventory.js';
import { canRotateAutomatically, isCustomerManaged, partitionFromArn } from '../model/key-scope.js';
import { parsePolicyDocument } from '../policy/document.js';
import {
  describeKey,
  getPolicyText,
  getRotation,
  type KeyRef,
  type KmsReadContext,
  listAliasesByKey,
  listKeyPages,
  listTags,
} from './kms-reads.js';
import { createGates, type Gates } from './quotas.js';
import type { CallStats, RetryOptions } from './retry.js';

export interface CollectProgress {
  /** Keys fully read so far. */
  done: number;
  /** Keys listed so far; final once `listingDone`. */
  listed: number;
  listingDone: boolean;
}

export interface CollectOptions {
  gates?: Gates;
  retry?: RetryOptions;
  /** Keys read at the same time. Bounds memory on accounts with up to 100,000 keys per region. */
  keyConcurrency?: number;
  onProgress?: (progress: CollectProgress) => void;
}

export interface CollectStats {
  retries: number;
  throttles: Partial<Record<KmsReadApi, number>>;
}

/** A key as listed, before anything about it was read. */
function emptyRecord(ref: KeyRef): KeyRecord {
  return {
    keyId: ref.keyId,
    arn: ref.arn,
    aliases: [],
    facts: null,
    rotation: null,
    policy: null,
    tags: null,
    unreadable: [],
  };
}

/** Reads one key. Per-key failures land in `unreadable`; only credential and programming errors throw. */
export async function readKey(context: KmsReadContext, ref: KeyRef): Promise<KeyRecord> {
  const record = emptyRecord(ref);
  const attempt = async <T>(operation: KmsReadApi, read: () => Promise<T>): Promise<T | null> => {
    try {
      return await read();
    } catch (error) {
      if (!isPerKeyError(error)) throw error;
      record.unreadable.push({ operation, code: errorName(error), message: errorMessage(error) });
      return null;
    }
  };

  const facts = await attempt('DescribeKey', () => describeKey(context, ref.keyId));
  record.facts = facts;
  if (facts?.arn) record.arn = facts.arn;
  // AWS managed keys: their policy and tags are AWS's, and rotation is automatic; nothing to read.
  if (!isCustomerManaged(facts)) return record;

  await Promise.all([
    attempt('GetKeyPolicy', () => getPolicyText(context, ref.keyId)).then((text) => {
      if (text === null) return;
      const document = parsePolicyDocument(text, partitionFromArn(record.arn));
      record.policy = { text, document };
      if (document === null) {
        record.unreadable.push({
          operation: 'GetKeyPolicy',
          code: 'UnparseablePolicy',
          message: 'the key policy is not a JSON policy document',
        });
      }
    }),
    canRotateAutomatically(facts)
      ? attempt('GetKeyRotationStatus', () => getRotation(context, ref.keyId)).then((rotation) => {
          record.rotation = rotation;
        })
      : Promise.resolve(),
    attempt('ListResourceTags', () => listTags(context, ref.keyId)).then((tags) => {
      record.tags = tags;
    }),
  ]);
  record.unreadable.sort((a, b) => a.operation.localeCompare(b.operation));
  return record;
}

/** A counting semaphore that also remembers the first fatal error, so the listing loop stops on it. */
class TaskPool {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly all = new Set<Promise<void>>();
  /** The first fatal error; later ones are consequences of it. */
  private readonly failures: unknown[] = [];

  constructor(private readonly limit: number) {}

  async start(task: () => Promise<void>): Promise<void> {
    this.rethrow();
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.rethrow();
    this.running += 1;
    const promise = task()
      .catch((error: unknown) => {
        this.failures.push(error);
      })
      .finally(() => {
        this.running -= 1;
        this.all.delete(promise);
        this.waiting.shift()?.();
      });
    this.all.add(promise);
  }

  async drain(): Promise<void> {
    while (this.all.size > 0) await Promise.all([...this.all]);
    this.rethrow();
  }

  private rethrow(): void {
    if (this.failures.length > 0) throw this.failures[0];
  }
}

/**
 * The inventory of one account and region: ListAliases runs alongside ListKeys, and each page of keys is
 * read as soon as it arrives (DescribeKey, then the policy, rotation status and tags of customer managed
 * keys), every call through its API's rate gate.
 */
export async function collectInventory(
  kms: KMSClient,
  options: CollectOptions = {},
): Promise<Inventory & { stats: CollectStats }> {
  const gates = options.gates ?? createGates();
  const callStats: CallStats = { retries: 0 };
  const context: KmsReadContext = { kms, gates, stats: callStats, ...(options.retry ? { retry: options.retry } : {}) };
  const notes: string[] = [];

  const aliases = listAliasesByKey(context).then(
    (map) => map,
    (error: unknown) => {
      if (!isPerKeyError(error)) throw error;
      notes.push(`aliases could not be listed (${errorName(error)}): alias checks and drift matching were skipped`);
      return null;
    },
  );
  // Attach a handler now so a fatal ListAliases error cannot go unhandled while keys are being read.
  aliases.catch(() => undefined);

  const records: KeyRecord[] = [];
  const pool = new TaskPool(options.keyConcurrency ?? 1000);
  let done = 0;
  let listingDone = false;
  const report = () => options.onProgress?.({ done, listed: records.length, listingDone });

  for await (const page of listKeyPages(context)) {
    for (const ref of page) {
      const index = records.length;
      records.push(emptyRecord(ref));
      await pool.start(async () => {
        records[index] = await readKey(context, ref);
        done += 1;
        report();
      });
    }
  }
  listingDone = true;
  report();
  await pool.drain();
  const aliasMap = await aliases;
  if (aliasMap) for (const record of records) record.aliases = aliasMap.get(record.keyId) ?? [];

  const throttles: Partial<Record<KmsReadApi, number>> = {};
  for (const [api, gate] of Object.entries(gates) as Array<[KmsReadApi, Gates[KmsReadApi]]>) {
    const count = gate.stats().throttles;
    if (count > 0) throttles[api] = count;
  }
  return { keys: records, aliasesReadable: aliasMap !== null, notes, stats: { retries: callStats.retries, throttles } };
}
