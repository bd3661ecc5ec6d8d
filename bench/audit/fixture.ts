import type { LoopbackAlias, LoopbackKey, WireKeyMetadata } from '../support/loopback-kms.js';

/**
 * A synthetic KMS account for the loopback double: mostly well-kept customer managed keys, with the
 * mix a real account has (AWS managed keys, asymmetric and HMAC keys that cannot rotate, imported
 * material) so every read path of the inventory is exercised.
 */

export const FIXTURE_ACCOUNT = '111122223333';
export const FIXTURE_REGION = 'us-east-1';
const CREATED = 1_767_225_600; // 2026-01-01T00:00:00Z, epoch seconds as the JSON protocol sends dates

export function keyId(index: number): string {
  const hex = index.toString(16).padStart(12, '0');
  return `0000abcd-0000-4000-8000-${hex}`;
}

export function keyArn(id: string, account = FIXTURE_ACCOUNT, region = FIXTURE_REGION): string {
  return `arn:aws:kms:${region}:${account}:key/${id}`;
}

export function wireMetadata(id: string, overrides: Partial<WireKeyMetadata> = {}): WireKeyMetadata {
  return {
    AWSAccountId: FIXTURE_ACCOUNT,
    KeyId: id,
    Arn: keyArn(id),
    CreationDate: CREATED,
    Enabled: true,
    Description: '',
    KeyUsage: 'ENCRYPT_DECRYPT',
    KeyState: 'Enabled',
    Origin: 'AWS_KMS',
    KeyManager: 'CUSTOMER',
    KeySpec: 'SYMMETRIC_DEFAULT',
    CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
    EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
    MultiRegion: false,
    ...overrides,
  };
}

/** The policy shape keyplan plans: root, administrators, users through one service. */
export function wellFormedPolicy(app: string, account = FIXTURE_ACCOUNT): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'EnableRootAccess',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${account}:root` },
        Action: 'kms:*',
        Resource: '*',
      },
      {
        Sid: 'KeyAdministrators',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${account}:role/KeyAdmins` },
        Action: [
          'kms:Describe*',
          'kms:List*',
          'kms:Get*',
          'kms:Enable*',
          'kms:Disable*',
          'kms:Put*',
          'kms:ScheduleKeyDeletion',
        ],
        Resource: '*',
      },
      {
        Sid: 'KeyUsers',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${account}:role/${app}-app` },
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
        Resource: '*',
        Condition: { StringEquals: { 'kms:ViaService': `s3.${FIXTURE_REGION}.amazonaws.com` } },
      },
    ],
  });
}

export interface SyntheticAccount {
  keys: LoopbackKey[];
  aliases: LoopbackAlias[];
  /** Requests a complete audit needs per API (the benchmark's lower bound is computed from these). */
  expectedCalls: Record<string, number>;
}

export function syntheticAccount(count: number): SyntheticAccount {
  const keys: LoopbackKey[] = [];
  const aliases: LoopbackAlias[] = [];
  const calls = { DescribeKey: 0, GetKeyPolicy: 0, GetKeyRotationStatus: 0, ListResourceTags: 0 };
  for (let i = 0; i < count; i++) {
    const id = keyId(i);
    const app = `app-${Math.floor(i / 4)}`;
    calls.DescribeKey += 1;
    if (i % 20 === 19) {
      // AWS managed: described only.
      keys.push({ metadata: wireMetadata(id, { KeyManager: 'AWS', Description: 'Default key for S3' }) });
      aliases.push({ AliasName: `alias/aws/s3-${i}`, TargetKeyId: id });
      continue;
    }
    const kind = i % 20 === 17 ? 'asymmetric' : i % 20 === 18 ? 'imported' : 'symmetric';
    const metadata =
      kind === 'asymmetric'
        ? wireMetadata(id, { KeySpec: 'RSA_2048', CustomerMasterKeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' })
        : kind === 'imported'
          ? wireMetadata(id, { Origin: 'EXTERNAL', ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' })
          : wireMetadata(id);
    keys.push({
      metadata,
      policy: wellFormedPolicy(app),
      tags: [
        { TagKey: 'Application', TagValue: app },
        { TagKey: 'Classification', TagValue: 'confidential' },
        { TagKey: 'Owner', TagValue: 'team-a' },
      ],
      rotation: { enabled: kind === 'symmetric', periodDays: 365 },
    });
    aliases.push({ AliasName: `alias/${app}/prod/confidential-${i % 4}`, TargetKeyId: id });
    calls.GetKeyPolicy += 1;
    calls.ListResourceTags += 1;
    if (kind === 'symmetric') calls.GetKeyRotationStatus += 1;
  }
  return {
    keys,
    aliases,
    expectedCalls: {
      ListKeys: Math.max(1, Math.ceil(count / 1000)),
      ListAliases: Math.max(1, Math.ceil(aliases.length / 100)),
      ...calls,
    },
  };
}
