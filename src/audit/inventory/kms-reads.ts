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

function call<T>(context: KmsReadContext, api: KmsReadApi, request: () => Promise<T>): Promise<T> {
  return callThroughGate(context.gates[api], request, context.retry ?? DEFAULT_RETRY, context.stats);
}

export interface KeyRef {
  keyId: string;
  arn: string | null;
}

/** Pages of ListKeys, yielded as they arrive so per-key reads start before the listing ends. */
export async function* listKeyPages(context: KmsReadContext): AsyncGenerator<KeyRef[]> {
  let marker: string | undefined;
  do {
    const input = { Limit: PAGE_LIMITS.ListKeys, ...(marker === undefined ? {} : { Marker: marker }) };
    const page = await call(context, 'ListKeys', () => context.kms.send(new ListKeysCommand(input)));
    const refs: KeyRef[] = [];
    for (const key of page.Keys ?? []) {
      if (key.KeyId) refs.push({ keyId: key.KeyId, arn: key.KeyArn ?? null });
    }
    yield refs;
    marker = page.Truncated ? page.NextMarker : undefined;
  } while (marker !== undefined);
}

/** Every alias in the region, grouped by the key it points at (one listing beats one call per key). */
export async function listAliasesByKey(context: KmsReadContext): Promise<Map<string, string[]>> {
  const byKey = new Map<string, string[]>();
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
    marker = page.Truncated ? page.NextMarker : undefined;
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
    marker = page.Truncated ? page.NextMarker : undefined;
  } while (marker !== undefined);
  return tags;
}
