import {
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  KMSServiceException,
  ListAliasesCommand,
  ListKeysCommand,
  ListResourceTagsCommand,
} from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../src/audit/checks/run.js';
import { collectInventory } from '../../src/audit/inventory/collect.js';
import { createGates } from '../../src/audit/inventory/quotas.js';
import { DEFAULT_RETRY, type RetryOptions } from '../../src/audit/inventory/retry.js';
import { awsError, keyArn, keyMetadata, NOW, policyText, REGION, rootStatement } from './fixtures.js';

const FAST: RetryOptions = { ...DEFAULT_RETRY, sleep: async () => undefined };
/**
 * Three keys over two ListKeys pages, aliases over two ListAliases pages, tags of `k1` over two
 * ListResourceTags pages: a customer symmetric key, an AWS managed key and a customer RSA key.
 */
function mockAccount() {
  const kms = new KMSClient({ region: REGION, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' } });
  const mock = mockClient(kms);
  mock.on(ListKeysCommand).resolves({
    Keys: [
      { KeyId: 'k1', KeyArn: keyArn('k1') },
      { KeyId: 'k2', KeyArn: keyArn('k2') },
    ],
    Truncated: true,
    NextMarker: 'keys-2',
  });
  mock
    .on(ListKeysCommand, { Marker: 'keys-2' })
    .resolves({ Keys: [{ KeyId: 'k3', KeyArn: keyArn('k3') }], Truncated: false });
  mock.on(ListAliasesCommand).resolves({
    Aliases: [{ AliasName: 'alias/orders/prod/confidential', TargetKeyId: 'k1' }],
    Truncated: true,
    NextMarker: 'aliases-2',
  });
  mock.on(ListAliasesCommand, { Marker: 'aliases-2' }).resolves({
    Aliases: [
      { AliasName: 'alias/aws/s3', TargetKeyId: 'k2' },
      { AliasName: 'alias/orders/prod/a-second-name', TargetKeyId: 'k1' },
      { AliasName: 'alias/unused' },
    ],
    Truncated: false,
  });
  mock.on(DescribeKeyCommand, { KeyId: 'k1' }).resolves({ KeyMetadata: keyMetadata('k1') });
  mock.on(DescribeKeyCommand, { KeyId: 'k2' }).resolves({ KeyMetadata: keyMetadata('k2', { KeyManager: 'AWS' }) });
  mock.on(DescribeKeyCommand, { KeyId: 'k3' }).resolves({
    KeyMetadata: keyMetadata('k3', { KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' }),
  });
  mock.on(GetKeyPolicyCommand).resolves({ Policy: policyText([rootStatement]), PolicyName: 'default' });
  mock.on(GetKeyRotationStatusCommand).resolves({ KeyRotationEnabled: true, RotationPeriodInDays: 180 });
  mock.on(ListResourceTagsCommand).resolves({ Tags: [], Truncated: false });
  mock
    .on(ListResourceTagsCommand, { KeyId: 'k1' })
    .resolves({ Tags: [{ TagKey: 'Application', TagValue: 'orders' }], Truncated: true, NextMarker: 'tags-2' });
  mock
    .on(ListResourceTagsCommand, { KeyId: 'k1', Marker: 'tags-2' })
    .resolves({ Tags: [{ TagKey: 'Owner', TagValue: 'team' }], Truncated: false });
  return { kms, mock };
}

describe('collectInventory', () => {
  it('follows the markers of ListKeys, ListAliases and ListResourceTags', async () => {
    const { kms, mock } = mockAccount();
    const inventory = await collectInventory(kms, { retry: FAST });
    expect(inventory.keys.map((key) => key.keyId)).toEqual(['k1', 'k2', 'k3']);
    expect(mock.commandCalls(ListKeysCommand).map((call) => call.args[0].input)).toEqual([
      { Limit: 1000 },
      { Limit: 1000, Marker: 'keys-2' },
    ]);
    expect(mock.commandCalls(ListAliasesCommand)).toHaveLength(2);
    expect(inventory.keys[0]?.aliases).toEqual(['alias/orders/prod/a-second-name', 'alias/orders/prod/confidential']);
    expect(inventory.keys[1]?.aliases).toEqual(['alias/aws/s3']);
    expect(inventory.keys[0]?.tags).toEqual({ Application: 'orders', Owner: 'team' });
    expect(inventory.keys[0]?.rotation).toEqual({ enabled: true, periodDays: 180, nextRotationDate: null });
    expect(inventory.aliasesReadable).toBe(true);
  });

  it('asks for rotation only where it applies, and for policies and tags only of customer managed keys', async () => {
    const { kms, mock } = mockAccount();
    const inventory = await collectInventory(kms, { retry: FAST });
    expect(mock.commandCalls(GetKeyRotationStatusCommand).map((call) => call.args[0].input.KeyId)).toEqual(['k1']);
    const policyCalls = mock.commandCalls(GetKeyPolicyCommand).map((call) => call.args[0].input);
    expect(policyCalls).toEqual(
      expect.arrayContaining([
        { KeyId: 'k1', PolicyName: 'default' },
        { KeyId: 'k3', PolicyName: 'default' },
      ]),
    );
    expect(policyCalls).toHaveLength(2);
    expect(mock.commandCalls(ListResourceTagsCommand).some((call) => call.args[0].input.KeyId === 'k2')).toBe(false);
    expect(inventory.keys[1]).toMatchObject({ policy: null, tags: null, rotation: null, unreadable: [] });
    expect(inventory.keys[2]?.rotation).toBeNull();
  });

  it('retries a throttled request and slows that API down', async () => {
    const { kms, mock } = mockAccount();
    mock
      .on(DescribeKeyCommand, { KeyId: 'k1' })
      .rejectsOnce(awsError('ThrottlingException', 'Rate exceeded'))
      .resolves({ KeyMetadata: keyMetadata('k1') });
    const gates = createGates();
    const inventory = await collectInventory(kms, { retry: FAST, gates });
    expect(mock.commandCalls(DescribeKeyCommand, { KeyId: 'k1' })).toHaveLength(2);
    expect(inventory.keys[0]?.unreadable).toEqual([]);
    expect(inventory.keys[0]?.facts?.manager).toBe('CUSTOMER');
    expect(inventory.stats.throttles).toEqual({ DescribeKey: 1 });
    expect(gates.DescribeKey.stats().currentRate).toBeLessThan(gates.DescribeKey.ceiling);
    expect(gates.GetKeyPolicy.stats().currentRate).toBe(gates.GetKeyPolicy.ceiling);
  });

  it('reports a key whose policy is denied as not readable and audits the others', async () => {
    const { kms, mock } = mockAccount();
    mock
      .on(GetKeyPolicyCommand, { KeyId: 'k3' })
      .rejects(awsError('AccessDeniedException', 'User is not authorized to perform: kms:GetKeyPolicy'));
    const inventory = await collectInventory(kms, { retry: FAST });
    expect(inventory.keys[2]).toMatchObject({
      keyId: 'k3',
      policy: null,
      unreadable: [{ operation: 'GetKeyPolicy', code: 'AccessDeniedException' }],
    });
    expect(inventory.keys[0]?.unreadable).toEqual([]);
    expect(inventory.keys[0]?.policy).not.toBeNull();
    const findings = runChecks(inventory, { now: NOW, region: REGION });
    expect(findings.filter((f) => f.checkId === 'key-not-readable').map((f) => f.keyId)).toEqual(['k3']);
  });

  it('reports a key that cannot even be described, without reading further', async () => {
    const { kms, mock } = mockAccount();
    mock.on(DescribeKeyCommand, { KeyId: 'k1' }).rejects(awsError('AccessDeniedException'));
    const inventory = await collectInventory(kms, { retry: FAST });
    expect(inventory.keys[0]).toMatchObject({ facts: null, unreadable: [{ operation: 'DescribeKey' }] });
    expect(mock.commandCalls(GetKeyPolicyCommand, { KeyId: 'k1' })).toHaveLength(0);
    expect(inventory.keys[2]?.facts).not.toBeNull();
  });

  it('gives up on a key after the throttle retries are spent, still without crashing', async () => {
    const { kms, mock } = mockAccount();
    mock.on(ListResourceTagsCommand, { KeyId: 'k3' }).rejects(awsError('ThrottlingException'));
    const inventory = await collectInventory(kms, { retry: { ...FAST, maxThrottleAttempts: 3 } });
    expect(mock.commandCalls(ListResourceTagsCommand, { KeyId: 'k3' })).toHaveLength(3);
    expect(inventory.keys[2]?.unreadable).toEqual([
      expect.objectContaining({ operation: 'ListResourceTags', code: 'ThrottlingException' }),
    ]);
  });

  it('retries a transient server error, but not a client error', async () => {
    const { kms, mock } = mockAccount();
    const internal = new KMSServiceException({
      name: 'KMSInternalException',
      message: 'oops',
      $fault: 'server',
      $metadata: { httpStatusCode: 500 },
    });
    mock
      .on(GetKeyPolicyCommand, { KeyId: 'k1' })
      .rejectsOnce(internal)
      .resolves({ Policy: policyText([rootStatement]) });
    mock.on(GetKeyPolicyCommand, { KeyId: 'k3' }).rejects(awsError('KMSInvalidStateException'));
    const inventory = await collectInventory(kms, { retry: FAST });
    expect(inventory.keys[0]?.unreadable).toEqual([]);
    expect(mock.commandCalls(GetKeyPolicyCommand, { KeyId: 'k3' })).toHaveLength(1);
  });

  it('stops on missing credentials instead of marking every key unreadable', async () => {
    const { kms, mock } = mockAccount();
    mock
      .on(ListKeysCommand)
      .rejects(
        Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }),
      );
    await expect(collectInventory(kms, { retry: FAST })).rejects.toMatchObject({ name: 'CredentialsProviderError' });
  });

  it('carries on without aliases when ListAliases is denied, and says so', async () => {
    const { kms, mock } = mockAccount();
    mock.on(ListAliasesCommand).rejects(awsError('AccessDeniedException'));
    const inventory = await collectInventory(kms, { retry: FAST });
    expect(inventory.aliasesReadable).toBe(false);
    expect(inventory.keys).toHaveLength(3);
    expect(inventory.notes.join(' ')).toMatch(/aliases could not be listed/);
  });

  it('records a policy that is not JSON as not readable', async () => {
    const { kms, mock } = mockAccount();
    mock.on(GetKeyPolicyCommand, { KeyId: 'k1' }).resolves({ Policy: '<xml/>' });
    const inventory = await collectInventory(kms, { retry: FAST });
    expect(inventory.keys[0]?.unreadable).toEqual([expect.objectContaining({ code: 'UnparseablePolicy' })]);
  });

  it('reports progress up to the last key', async () => {
    const { kms } = mockAccount();
    const seen: Array<[number, number, boolean]> = [];
    await collectInventory(kms, { retry: FAST, onProgress: (p) => seen.push([p.done, p.listed, p.listingDone]) });
    expect(seen.at(-1)?.[0]).toBe(3);
    expect(seen.some(([, listed, finished]) => finished && listed === 3)).toBe(true);
  });
});
