import {
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  type KeyMetadata,
  type KMSClient,
  ListAliasesCommand,
  ListKeysCommand,
  ListResourceTagsCommand,
} from '@aws-sdk/client-kms';
import { PAGINATION_LOOP, TOO_MANY_PAGES } from '../aws/errors.js';
import type { KeyFacts, KmsReadApi, RotationFacts } from '../model/inventory.js';
import type { Gates } from './quotas.js';
import { type CallStats, callThroughGate, DEFAULT_RETRY, type RetryOptions } from './retry.js';

/** The raw KMS reads, one function per API, each through its own rate gate. */

export interface KmsReadContext {
  kms: KMSClient;
  gates: Gates;
  retry?: RetryOptions;
  stats?: CallStats;
}

/** Page sizes: the largest each API accepts, so large accounts take the fewest list calls. */
export const PAGE_LIMITS = { ListKeys: 1000, ListAliases: 100, ListResourceTags: 50 } as const;

/**
 * Most pages a listing may take. KMS allows 100,000 keys per account and region (100 pages of 1,000),
 * 50 aliases per key and 50 tags per key; KMS may return short pages, hence the margin.
 */
export const PAGE_CAPS = { ListKeys: 2000, ListAliases: 60_000, ListResourceTags: 100 } as const;

/** Most items a listing may return in all: twice what KMS allows, so memory stays bounded. */
export const ITEM_CAPS = { ListKeys: 200_000, ListAliases: 1_000_000, ListResourceTags: 100 } as const;

/** The operation an error came from, for the message that reports it. */
const OPERATION = Symbol('keyplan.operation');

export function operationOf(error: unknown): KmsReadApi | undefined {
  return typeof error === 'object' && error !== null
    ? ((error as { [OPERATION]?: KmsReadApi })[OPERATION] ?? undefined)
    : undefined;
}

async function call<T>(context: KmsReadContext, api: KmsReadApi, request: () => Promise<T>): Promise<T> {
  try {
    return await callThroughGate(context.gates[api], request, context.retry ?? DEFAULT_RETRY, context.stats);
  } catch (error) {
    if (typeof error === 'object' && error !== null && Object.isExtensible(error)) {
      Object.defineProperty(error, OPERATION, { value: api, enumerable: false, configurable: true });
    }
    throw error;
  }
}

function pagingFault(name: string, message: string, api: KmsReadApi): Error {
  const error = Object.assign(new Error(message), { name });
  Object.defineProperty(error, OPERATION, { value: api, enumerable: false });
  return error;
}

/**
 * Follows a listing's markers, refusing to loop: a marker seen before, or more pages than the listing
 * can have, is a faulty endpoint, not a large account.
 */
class Pager {
  private readonly seen = new Set<string>();
  private pages = 0;
  private items = 0;

  constructor(private readonly api: keyof typeof PAGE_CAPS) {}

  next(page: { Truncated?: boolean | undefined; NextMarker?: string | undefined }, items: number): string | undefined {
    this.pages += 1;
    this.items += items;
    if (this.items > ITEM_CAPS[this.api]) {
      throw pagingFault(TOO_MANY_PAGES, `${this.api} listed more than ${ITEM_CAPS[this.api]} items`, this.api);
    }
    const marker = page.Truncated ? page.NextMarker : undefined;
    if (marker === undefined) return undefined;
    if (this.seen.has(marker)) {
      throw pagingFault(PAGINATION_LOOP, `${this.api} returned the same NextMarker twice`, this.api);
    }
    if (this.pages >= PAGE_CAPS[this.api]) {
      throw pagingFault(TOO_MANY_PAGES, `${this.api} went past ${PAGE_CAPS[this.api]} pages`, this.api);
    }
    this.seen.add(marker);
    return marker;
  }
}

export interface KeyRef {
  keyId: string;
  arn: string | null;
}

/** Pages of ListKeys, yielded as they arrive so per-key reads start before the listing ends. */
export async function* listKeyPages(context: KmsReadContext): AsyncGenerator<KeyRef[]> {
  const pager = new Pager('ListKeys');
  let marker: string | undefined;
  do {
    const input = { Limit: PAGE_LIMITS.ListKeys, ...(marker === undefined ? {} : { Marker: marker }) };
    const page = await call(context, 'ListKeys', () => context.kms.send(new ListKeysCommand(input)));
    const refs: KeyRef[] = [];
    for (const key of page.Keys ?? []) {
      if (key.KeyId) refs.push({ keyId: key.KeyId, arn: key.KeyArn ?? null });
    }
    marker = pager.next(page, refs.length);
    yield refs;
  } while (marker !== undefined);
}

/** Every alias in the region, grouped by the key it points at (one listing beats one call per key). */
export async function listAliasesByKey(context: KmsReadContext): Promise<Map<string, string[]>> {
  const byKey = new Map<string, string[]>();
  const pager = new Pager('ListAliases');
  let marker: string | undefined;
  do {
    const input = { Limit: PAGE_LIMITS.ListAliases, ...(marker === undefined ? {} : { Marker: marker }) };
    const page = await call(context, 'ListAliases', () => context.kms.send(new ListAliasesCommand(input)));
    for (const alias of page.Aliases ?? []) {
      if (!alias.AliasName || !alias.TargetKeyId) continue;
      const list = byKey.get(alias.TargetKeyId) ?? [];
      list.push(alias.AliasName);
      byKey.set(alias.TargetKeyId, list);
    }
    marker = pager.next(page, page.Aliases?.length ?? 0);
  } while (marker !== undefined);
  for (const list of byKey.values()) list.sort();
  return byKey;
}

function iso(date: Date | undefined): string | null {
  return date instanceof Date && !Number.isNaN(date.getTime()) ? date.toISOString() : null;
}

export function toKeyFacts(metadata: KeyMetadata, fallbackId: string): KeyFacts {
  const role = metadata.MultiRegionConfiguration?.MultiRegionKeyType;
  return {
    keyId: metadata.KeyId ?? fallbackId,
    arn: metadata.Arn ?? '',
    account: metadata.AWSAccountId ?? null,
    manager: metadata.KeyManager ?? 'UNKNOWN',
    state: metadata.KeyState ?? 'Unknown',
    spec: metadata.KeySpec ?? metadata.CustomerMasterKeySpec ?? 'SYMMETRIC_DEFAULT',
    usage: metadata.KeyUsage ?? 'ENCRYPT_DECRYPT',
    origin: metadata.Origin ?? 'AWS_KMS',
    customKeyStoreId: metadata.CustomKeyStoreId ?? null,
    multiRegion: metadata.MultiRegion ?? false,
    multiRegionRole: role === 'PRIMARY' || role === 'REPLICA' ? role : null,
    primaryArn: metadata.MultiRegionConfiguration?.PrimaryKey?.Arn ?? null,
    description: metadata.Description ?? '',
    creationDate: iso(metadata.CreationDate),
    deletionDate: iso(metadata.DeletionDate),
    validTo: iso(metadata.ValidTo),
    expirationModel: metadata.ExpirationModel ?? null,
  };
}

export async function describeKey(context: KmsReadContext, keyId: string): Promise<KeyFacts> {
  const output = await call(context, 'DescribeKey', () => context.kms.send(new DescribeKeyCommand({ KeyId: keyId })));
  if (!output.KeyMetadata)
    throw Object.assign(new Error('DescribeKey returned no KeyMetadata'), { name: 'EmptyResponse' });
  return toKeyFacts(output.KeyMetadata, keyId);
}

export async function getRotation(context: KmsReadContext, keyId: string): Promise<RotationFacts> {
  const output = await call(context, 'GetKeyRotationStatus', () =>
    context.kms.send(new GetKeyRotationStatusCommand({ KeyId: keyId })),
  );
  const enabled = output.KeyRotationEnabled ?? false;
  return {
    enabled,
    periodDays: enabled ? (output.RotationPeriodInDays ?? null) : null,
    nextRotationDate: iso(output.NextRotationDate),
  };
}

/** KMS keys have exactly one policy, named `default`. */
export async function getPolicyText(context: KmsReadContext, keyId: string): Promise<string> {
  const output = await call(context, 'GetKeyPolicy', () =>
    context.kms.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default' })),
  );
  return output.Policy ?? '';
}

export async function listTags(context: KmsReadContext, keyId: string): Promise<Record<string, string>> {
  const tags: Record<string, string> = {};
  const pager = new Pager('ListResourceTags');
  let marker: string | undefined;
  do {
    const input = {
      KeyId: keyId,
      Limit: PAGE_LIMITS.ListResourceTags,
      ...(marker === undefined ? {} : { Marker: marker }),
    };
    const page = await call(context, 'ListResourceTags', () => context.kms.send(new ListResourceTagsCommand(input)));
    for (const tag of page.Tags ?? []) {
      if (tag.TagKey !== undefined) tags[tag.TagKey] = tag.TagValue ?? '';
    }
    marker = pager.next(page, page.Tags?.length ?? 0);
  } while (marker !== undefined);
  return tags;
}
