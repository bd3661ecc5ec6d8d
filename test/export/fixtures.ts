import type { KeyPolicy, Plan, PlannedKey } from '../../src/core/plan/schema.js';

/**
 * Hand-built plans for the export tests, shaped like recommend() output (shared/DESIGN.md §3).
 * The tests parse them with PlanSchema so they cannot drift from the contract.
 */

export const RETAIL = '111122223333';
export const PAYMENTS = '444455556666';

function policy(account: string, admins: string[], users: string[], viaServices: string[]): KeyPolicy {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'EnableIamPolicies',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${account}:root` },
        Action: 'kms:*',
        Resource: '*',
      },
      {
        Sid: 'KeyAdministration',
        Effect: 'Allow',
        Principal: { AWS: admins.map((role) => `arn:aws:iam::${account}:role/${role}`) },
        Action: ['kms:Describe*', 'kms:List*', 'kms:Get*', 'kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion'],
        Resource: '*',
      },
      {
        Sid: 'KeyUse',
        Effect: 'Allow',
        Principal: { AWS: users.map((role) => `arn:aws:iam::${account}:role/${role}`) },
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
        Resource: '*',
        Condition: { StringEquals: { 'kms:ViaService': viaServices } },
      },
      {
        Sid: 'GrantsForAwsResources',
        Effect: 'Allow',
        Principal: { AWS: users.map((role) => `arn:aws:iam::${account}:role/${role}`) },
        Action: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
        Resource: '*',
        Condition: { Bool: { 'kms:GrantIsForAWSResource': true } },
      },
    ],
  };
}

function tags(application: string, stage: string, classification: string, dataSets: string[]): Record<string, string> {
  return {
    Application: application,
    Stage: stage,
    Classification: classification,
    Owner: 'web',
    DataSets: dataSets.join(' '),
    ManagedBy: 'keyplan',
  };
}

function key(overrides: Partial<PlannedKey> & Pick<PlannedKey, 'id' | 'account' | 'region'>): PlannedKey {
  const application = overrides.application ?? 'storefront';
  const stage = overrides.stage ?? 'prod';
  const classification = overrides.classification ?? 'confidential';
  const dataSets = overrides.dataSets ?? ['customer-records'];
  return {
    alias: `alias/${application}/${stage}/${classification}`,
    type: 'customer-managed',
    application,
    stage,
    classification,
    dataSets,
    services: ['rds', 'dynamodb', 'lambda'],
    admins: ['KeyAdmins'],
    users: ['storefront-app'],
    rotation: { automatic: true, periodDays: 365, note: 'Automatic rotation every 365 days.' },
    multiRegion: false,
    policy: policy(overrides.account, ['KeyAdmins'], ['storefront-app'], [`rds.${overrides.region}.amazonaws.com`]),
    tags: tags(application, stage, classification, dataSets),
    principles: ['P1', 'P2', 'P3'],
    rationale: ['Confidential customer records of storefront prod get their own key.'],
    monthlyCostUsd: 1,
    ...overrides,
  };
}

/**
 * Two accounts: in 111122223333 a KMS-generated key (rotation 365), an imported key and an AWS managed
 * entry; in 444455556666 a multi-Region primary (us-east-1) with its replica (eu-west-1).
 */
export function samplePlan(): Plan {
  return {
    version: 1,
    organization: 'Acme Retail',
    governance: {
      model: 'hybrid',
      rationale: ['Independent product teams with a central security function: hybrid.'],
      approvalRequired: true,
    },
    keys: [
      key({ id: 'storefront-prod-confidential', account: RETAIL, region: 'us-east-1' }),
      key({
        id: 'payments-prod-restricted',
        account: RETAIL,
        region: 'us-east-1',
        type: 'customer-managed-imported',
        application: 'payments',
        classification: 'restricted',
        dataSets: ['card-tokens'],
        services: ['dynamodb'],
        alias: 'alias/payments/prod/restricted',
        rotation: { automatic: false, periodDays: null, note: 'Imported key material: rotate on demand.' },
        principles: ['P1', 'P2', 'P4'],
        rationale: ['Bring-your-own-key material is required for card tokens.'],
      }),
      key({
        id: 'storefront-prod-public-s3',
        account: RETAIL,
        region: 'us-east-1',
        type: 'aws-managed',
        classification: 'public',
        dataSets: ['product-catalog'],
        services: ['s3'],
        alias: 'alias/aws/s3',
        admins: [],
        users: [],
        rotation: { automatic: true, periodDays: 365, note: 'AWS managed keys rotate yearly.' },
        policy: null,
        principles: ['P3'],
        rationale: ['Public catalogue: audit only, the S3 AWS managed key suffices.'],
        monthlyCostUsd: 0,
      }),
      key({
        id: 'orders-prod-confidential',
        account: PAYMENTS,
        region: 'us-east-1',
        application: 'orders',
        dataSets: ['orders'],
        alias: 'alias/orders/prod/confidential',
        multiRegion: true,
        rotation: { automatic: true, periodDays: 180, note: 'Automatic rotation every 180 days.' },
      }),
      key({
        id: 'orders-prod-confidential-eu-west-1',
        account: PAYMENTS,
        region: 'eu-west-1',
        application: 'orders',
        dataSets: ['orders'],
        alias: 'alias/orders/prod/confidential',
        multiRegion: true,
        replicaOf: 'orders-prod-confidential',
        rotation: { automatic: true, periodDays: 180, note: 'Rotation follows the primary key.' },
      }),
    ],
    counts: { recommended: 4, fewest: 3, finest: 6 },
    cost: {
      monthlyUsd: 4,
      yearlyUsd: [56, 80, 80],
      notes: ['Each of the first two rotations adds $1/month per key, capped after the second.'],
    },
    findings: [
      {
        severity: 'warning',
        code: 'ROOT_DELEGATION',
        message: 'IAM policies can grant use of these keys.',
        subject: 'all keys',
      },
      {
        severity: 'error',
        code: 'SEPARATION_OF_DUTIES',
        message: 'A principal is both admin and user.',
        subject: 'payments-prod-restricted',
      },
      { severity: 'info', code: 'REGULATED', message: 'PCI-DSS applies.', subject: 'restricted' },
    ],
    trail: [{ ruleId: 'governance-model', subject: 'organization', because: 'traits point both ways' }],
  };
}

/** Text that breaks naive writers: HCL template introducers, quotes, backslashes, pipes and newlines. */
export const HOSTILE = `x "q" \\ \${var.secret} %{ if true }| pipe\nnew line`;

/** The sample plan with hostile text in every free-text field that reaches an export. */
export function hostilePlan(): Plan {
  const plan = samplePlan();
  plan.organization = `Acme ${HOSTILE}`;
  plan.governance.rationale = [HOSTILE];
  plan.cost.notes = [HOSTILE];
  plan.findings = [{ severity: 'warning', code: 'X', message: HOSTILE, subject: HOSTILE }];
  plan.keys = plan.keys.map((entry) => ({
    ...entry,
    dataSets: [...entry.dataSets, HOSTILE],
    rationale: [HOSTILE],
    rotation: { ...entry.rotation, note: HOSTILE },
    tags: { ...entry.tags, Note: HOSTILE, 'odd key': HOSTILE },
    policy:
      entry.policy === null
        ? null
        : {
            ...entry.policy,
            Statement: entry.policy.Statement.map((statement) => ({
              ...statement,
              Condition: { StringEquals: { 'kms:EncryptionContext:note': HOSTILE } },
            })),
          },
  }));
  return plan;
}
