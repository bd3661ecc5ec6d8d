import type { KeyMetadata } from '@aws-sdk/client-kms';
import { KMSServiceException } from '@aws-sdk/client-kms';
import type { CheckContext } from '../../src/audit/checks/types.js';
import type { Inventory, KeyFacts, KeyRecord, RotationFacts } from '../../src/audit/model/inventory.js';
import { parsePolicyDocument } from '../../src/audit/policy/document.js';
import { type Plan, type PlannedKey, PlanSchema } from '../../src/core/plan/schema.js';

/** Hand-built inventories and plans: the checks and drift are pure, so tests feed them data directly. */

export const ACCOUNT = '111122223333';
export const REGION = 'us-east-1';
export const NOW = new Date('2026-06-01T00:00:00.000Z');
export const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
export const role = (name: string, account = ACCOUNT) => `arn:aws:iam::${account}:role/${name}`;

export const CONTEXT: CheckContext = { now: NOW, region: REGION, aliasesReadable: true };

export function facts(overrides: Partial<KeyFacts> = {}): KeyFacts {
  const keyId = overrides.keyId ?? '1234abcd-12ab-34cd-56ef-1234567890ab';
  return {
    keyId,
    arn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/${keyId}`,
    account: ACCOUNT,
    manager: 'CUSTOMER',
    state: 'Enabled',
    spec: 'SYMMETRIC_DEFAULT',
    usage: 'ENCRYPT_DECRYPT',
    origin: 'AWS_KMS',
    customKeyStoreId: null,
    multiRegion: false,
    multiRegionRole: null,
    primaryArn: null,
    description: '',
    creationDate: '2026-01-01T00:00:00.000Z',
    deletionDate: null,
    validTo: null,
    expirationModel: null,
    ...overrides,
  };
}

export type Statement = Record<string, unknown>;

export const rootStatement: Statement = {
  Sid: 'EnableRootAccess',
  Effect: 'Allow',
  Principal: { AWS: ROOT },
  Action: 'kms:*',
  Resource: '*',
};

export const adminStatement = (principals: string[] = [role('KeyAdmins')]): Statement => ({
  Sid: 'KeyAdministrators',
  Effect: 'Allow',
  Principal: { AWS: principals },
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
});

export const userStatement = (
  principals: string[] = [role('orders-app')],
  via: string[] = [`s3.${REGION}.amazonaws.com`],
): Statement => ({
  Sid: 'KeyUsers',
  Effect: 'Allow',
  Principal: { AWS: principals },
  Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
  Resource: '*',
  ...(via.length > 0 ? { Condition: { StringEquals: { 'kms:ViaService': via } } } : {}),
});

export const goodStatements = (): Statement[] => [rootStatement, adminStatement(), userStatement()];

export function policyText(statements: Statement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

export const OWNERSHIP = { Application: 'orders', Classification: 'confidential', Owner: 'team-orders' };

export interface KeyInput {
  keyId?: string;
  aliases?: string[];
  facts?: Partial<KeyFacts> | null;
  rotation?: RotationFacts | null;
  statements?: Statement[] | null;
  tags?: Record<string, string> | null;
  unreadable?: KeyRecord['unreadable'];
}

/** A healthy customer managed key unless told otherwise: rotating, well-formed policy, owned, aliased. */
export function key(input: KeyInput = {}): KeyRecord {
  const keyId = input.keyId ?? input.facts?.keyId ?? '1234abcd-12ab-34cd-56ef-1234567890ab';
  const keyFacts = input.facts === null ? null : facts({ keyId, ...input.facts });
  const statements = input.statements === undefined ? goodStatements() : input.statements;
  const text = statements === null ? null : policyText(statements);
  return {
    keyId,
    arn: keyFacts?.arn ?? `arn:aws:kms:${REGION}:${ACCOUNT}:key/${keyId}`,
    aliases: input.aliases ?? ['alias/orders/prod/confidential'],
    facts: keyFacts,
    rotation:
      input.rotation === undefined ? { enabled: true, periodDays: 365, nextRotationDate: null } : input.rotation,
    policy: text === null ? null : { text, document: parsePolicyDocument(text) },
    tags: input.tags === undefined ? { ...OWNERSHIP } : input.tags,
    unreadable: input.unreadable ?? [],
  };
}

export function inventory(keys: KeyRecord[], aliasesReadable = true): Inventory {
  return { keys, aliasesReadable, notes: [] };
}

/** A planned key that satisfies PlanSchema, matching `key()` by default. */
export function plannedKey(overrides: Partial<PlannedKey> = {}): PlannedKey {
  return {
    id: 'orders-prod-confidential',
    alias: 'alias/orders/prod/confidential',
    type: 'customer-managed',
    account: ACCOUNT,
    region: REGION,
    application: 'orders',
    stage: 'prod',
    classification: 'confidential',
    dataSets: ['orders'],
    services: ['s3'],
    admins: [role('KeyAdmins')],
    users: [role('orders-app')],
    rotation: { automatic: true, periodDays: 365, note: 'yearly' },
    multiRegion: false,
    policy: { Version: '2012-10-17', Statement: goodStatements() as never },
    tags: { ...OWNERSHIP, Stage: 'prod', ManagedBy: 'keyplan' },
    principles: ['P1', 'P2'],
    rationale: ['one key per application, stage and classification'],
    monthlyCostUsd: 1,
    ...overrides,
  };
}

/** A plan validated by PlanSchema, so the tests cannot drift from the contract. */
export function plan(keys: PlannedKey[]): Plan {
  return PlanSchema.parse({
    version: 1,
    organization: 'Acme Retail',
    governance: { model: 'hybrid', rationale: ['central security, independent teams'], approvalRequired: true },
    keys,
    counts: { recommended: keys.length, fewest: keys.length, finest: keys.length },
    cost: { monthlyUsd: keys.length, yearlyUsd: [keys.length * 12, keys.length * 12, keys.length * 12], notes: [] },
    findings: [],
    trail: [],
  });
}

/** An AWS service error as the SDK raises it (the class KMS uses for unmodelled errors such as throttling). */
export function awsError(name: string, message = name): KMSServiceException {
  return new KMSServiceException({ name, message, $fault: 'client', $metadata: { httpStatusCode: 400 } });
}

/** A KMS key ARN in the test account and region. */
export const keyArn = (keyId: string) => `arn:aws:kms:${REGION}:${ACCOUNT}:key/${keyId}`;

/** DescribeKey's metadata for an enabled, symmetric, customer managed key, with overrides. */
export function keyMetadata(keyId: string, overrides: Partial<KeyMetadata> = {}): KeyMetadata {
  return {
    KeyId: keyId,
    Arn: keyArn(keyId),
    AWSAccountId: ACCOUNT,
    KeyManager: 'CUSTOMER',
    KeyState: 'Enabled',
    KeySpec: 'SYMMETRIC_DEFAULT',
    KeyUsage: 'ENCRYPT_DECRYPT',
    Origin: 'AWS_KMS',
    MultiRegion: false,
    ...overrides,
  };
}
