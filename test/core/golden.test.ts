import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type Plan, PlanSchema, parseProfile, recommend } from '../../src/core/index.js';
import { actionsOf, findingCodes, kmsKeys, principalsOf, readExample, statement } from './support.js';

function planOfExample(name: string): Plan {
  return recommend(parseProfile(readExample(name)));
}

describe('golden: seed Example 1 (examples/retail.yaml, hybrid)', () => {
  const plan = planOfExample('retail');
  const keys = kmsKeys(plan);

  it('is a valid plan', () => {
    expect(PlanSchema.safeParse(plan).success).toBe(true);
  });

  it('recommends hybrid governance with approval required', () => {
    expect(plan.governance.model).toBe('hybrid');
    expect(plan.governance.approvalRequired).toBe(true);
    expect(plan.governance.rationale[0]).toMatch(/independent product teams with a central security team/);
  });

  it('plans exactly two customer managed keys and nothing else', () => {
    expect(plan.keys).toHaveLength(2);
    expect(keys.map((k) => k.type)).toEqual(['customer-managed', 'customer-managed']);
    expect(plan.counts.recommended).toBe(2);
    expect(plan.counts.fewest).toBeLessThanOrEqual(2);
    expect(plan.counts.finest).toBeGreaterThanOrEqual(2);
  });

  it('one key for the public catalog in S3', () => {
    const catalog = keys.find((k) => k.classification === 'public');
    expect(catalog).toMatchObject({
      alias: 'alias/storefront/prod/public',
      account: '111122223333',
      region: 'us-east-1',
      application: 'storefront',
      stage: 'prod',
      dataSets: ['product-catalog'],
      services: ['s3'],
      rotation: { automatic: true, periodDays: 365 },
      multiRegion: false,
      monthlyCostUsd: 1,
    });
    expect(catalog?.principles).toEqual(expect.arrayContaining(['P1', 'P2']));
  });

  it('one key for the confidential customer data in RDS and other services (P1, P3)', () => {
    const customer = keys.find((k) => k.classification === 'confidential');
    expect(customer).toMatchObject({
      alias: 'alias/storefront/prod/confidential',
      dataSets: ['customer-records'],
      services: ['dynamodb', 'lambda', 'rds'],
      users: ['arn:aws:iam::111122223333:role/orders-worker', 'arn:aws:iam::111122223333:role/storefront-app'],
    });
    expect(customer?.principles).toEqual(expect.arrayContaining(['P1', 'P3']));
    expect(customer?.rotation.note).toMatch(/\brds store(s)? the key ARN/);
    expect(statement(customer?.policy ?? null, 'AllowGrantsForAWSResources')).toBeDefined();
  });

  it('the central security team holds PutKeyPolicy and deletion on both keys', () => {
    for (const key of keys) {
      const central = statement(key.policy, 'AllowCentralSecurityPolicyAndDeletion');
      expect(principalsOf(central)).toEqual(['arn:aws:iam::111122223333:role/SecurityKeyAdmins']);
      expect(actionsOf(central)).toEqual(expect.arrayContaining(['kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion']));
      expect(actionsOf(statement(key.policy, 'AllowKeyAdministration'))).not.toContain('kms:PutKeyPolicy');
      expect(principalsOf(statement(key.policy, 'AllowKeyAdministration'))).toEqual([
        'arn:aws:iam::111122223333:role/KeyAdmins',
      ]);
    }
  });

  it('has a PCI-DSS finding for the confidential classification', () => {
    const pci = plan.findings.find((f) => f.code === 'regulated-classification');
    expect(pci).toMatchObject({ subject: 'confidential', severity: 'info' });
    expect(pci?.message).toContain('PCI-DSS');
    expect(findingCodes(plan)).not.toContain('hybrid-without-security-team');
  });

  it('costs two keys plus 2,000,000 requests a month', () => {
    // $2 keys + (2,000,000 − 20,000 free) / 10,000 × $0.03 = $5.94
    expect(plan.cost.monthlyUsd).toBe(7.94);
    expect(plan.cost.yearlyUsd).toEqual([95.28, 119.28, 143.28]);
  });
});

describe('golden: seed Example 2 (examples/healthcare.yaml, decentralized)', () => {
  const plan = planOfExample('healthcare');
  const keys = kmsKeys(plan);

  it('is a valid plan', () => {
    expect(PlanSchema.safeParse(plan).success).toBe(true);
  });

  it('recommends decentralized governance, approval optional', () => {
    expect(plan.governance).toMatchObject({ model: 'decentralized', approvalRequired: false });
  });

  it('plans one customer managed key per application team, each in its own account', () => {
    expect(plan.keys).toHaveLength(3);
    expect(plan.counts.recommended).toBe(3);
    expect(keys.map((k) => [k.application, k.tags.Owner, k.account, k.alias])).toEqual([
      ['patient-portal', 'portal', '222233334444', 'alias/patient-portal/prod/phi'],
      ['claims', 'claims', '333344445555', 'alias/claims/prod/phi'],
      ['lab-results', 'lab', '444455556666', 'alias/lab-results/prod/phi'],
    ]);
    expect(keys.every((k) => k.type === 'customer-managed' && k.classification === 'phi')).toBe(true);
  });

  it('gives each team its own administrators and key policy (P2, P4)', () => {
    expect(keys.map((k) => k.admins)).toEqual([
      ['arn:aws:iam::222233334444:role/PortalKeyAdmins'],
      ['arn:aws:iam::333344445555:role/ClaimsKeyAdmins'],
      ['arn:aws:iam::444455556666:role/LabKeyAdmins'],
    ]);
    expect(new Set(keys.map((k) => JSON.stringify(k.policy))).size).toBe(3);
    for (const key of keys) {
      expect(key.principles).toContain('P2');
      expect(statement(key.policy, 'AllowCentralSecurityPolicyAndDeletion')).toBeUndefined();
      expect(actionsOf(statement(key.policy, 'AllowKeyAdministration'))).toContain('kms:PutKeyPolicy');
    }
    expect(keys[2]?.users).toEqual([
      'arn:aws:iam::444455556666:role/LabAnalysts',
      'arn:aws:iam::444455556666:role/LabPipeline',
    ]);
  });

  it('has a HIPAA finding', () => {
    const hipaa = plan.findings.find((f) => f.code === 'regulated-classification');
    expect(hipaa).toMatchObject({ subject: 'phi' });
    expect(hipaa?.message).toContain('HIPAA');
    expect(hipaa?.message).toContain('3 data set placement(s)');
  });

  it('costs $3 a month for three keys', () => {
    expect(plan.cost.monthlyUsd).toBe(3);
    expect(plan.cost.yearlyUsd).toEqual([36, 72, 108]);
  });
});

function planOfGolden(name: string): Plan {
  const url = new URL(`../fixtures/golden/${name}.yaml`, import.meta.url);
  return recommend(parseProfile(parse(readFileSync(url, 'utf8'))));
}

describe('golden: integrations (publishers, CloudFront, Auto Scaling, consolidated bill)', () => {
  const plan = planOfGolden('integrations');
  const prod = (dataSet: string) => plan.keys.find((k) => k.dataSets.includes(dataSet) && k.region === 'eu-west-1');

  it('gives the alarm topic a customer managed key its publishers may use', () => {
    const alarms = prod('alarms');
    expect(alarms?.type).toBe('customer-managed');
    expect(principalsOf(statement(alarms?.policy ?? null, 'AllowPublishersToEncryptedTopicsAndQueues'))).toEqual([
      'cloudwatch.amazonaws.com',
      'events.amazonaws.com',
    ]);
    expect(
      principalsOf(statement(prod('orders-queue')?.policy ?? null, 'AllowPublishersToEncryptedTopicsAndQueues')),
    ).toEqual(['s3.amazonaws.com', 'sns.amazonaws.com']);
  });

  it('binds CloudFront to its distribution and lets the Auto Scaling role use the volumes’ key', () => {
    expect(statement(prod('site-assets')?.policy ?? null, 'AllowCloudFrontOriginAccessControl')?.Condition).toEqual({
      StringEquals: { 'AWS:SourceArn': ['arn:aws:cloudfront::111122223333:distribution/E2QWRUHAPOMQZL'] },
    });
    expect(
      principalsOf(statement(prod('fleet-volumes')?.policy ?? null, 'AllowAutoScalingServiceLinkedRoleGrants')),
    ).toEqual([
      'arn:aws:iam::111122223333:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling',
    ]);
  });

  it('warns where the service decides: OpenSearch’s fixed key, direct access, the Auto Scaling role', () => {
    const codes = findingCodes(plan);
    expect(codes).toEqual(
      expect.arrayContaining([
        'key-fixed-at-creation',
        'direct-access-needs-encryption-context',
        'auto-scaling-role-must-exist',
      ]),
    );
    expect(codes).not.toContain('sns-aws-managed-key-blocks-publishers');
    expect(prod('search')?.tags.Regulation).toBe('GDPR');
  });

  it('counts the free tier once on the consolidated bill and requests once per region', () => {
    expect(plan.cost.notes.join('\n')).toMatch(/consolidated bill/);
    // orders-queue and search in three regions each: (600,000 × 3 − 20,000) / 10,000 × $0.03
    const requests = ((600_000 * 3 - 20_000) / 10_000) * 0.03;
    expect(plan.cost.monthlyUsd).toBeCloseTo(kmsKeys(plan).length + requests, 2);
  });
});

describe('golden: one region, central security team, audit-only data on several services', () => {
  const plan = planOfGolden('single-region');

  it('plans no multi-Region key without a replica region, and says why', () => {
    expect(plan.keys.some((k) => k.multiRegion)).toBe(false);
    expect(findingCodes(plan)).toContain('multi-region-without-replica-region');
  });

  it('says the central team administers instead of the team’s own administrators', () => {
    expect(plan.governance.model).toBe('centralized');
    const [entries] = kmsKeys(plan);
    expect(entries?.admins).toEqual(['arn:aws:iam::222233334444:role/SecurityKeyAdmins']);
    expect(entries?.rationale.join(' ')).toMatch(/LedgerKeyAdmins.*not in the key policy/);
    expect(findingCodes(plan)).toContain('central-team-administers-instead');
  });

  it('lists one AWS managed entry per service, each with its own alias', () => {
    const managed = plan.keys.filter((k) => k.type === 'aws-managed');
    expect(managed.map((k) => [k.alias, k.dataSets])).toEqual([
      ['alias/aws/s3', ['reports']],
      ['alias/aws/dynamodb', ['alerts']],
      ['alias/aws/ebs', ['alerts']],
      ['alias/aws/sns', ['alerts']],
    ]);
    expect(findingCodes(plan)).toContain('sns-aws-managed-key-blocks-publishers');
  });
});

describe('golden: imported multi-Region material and data needing neither', () => {
  const plan = planOfGolden('byok-multi-region');

  it('says the replica needs the same material imported, and keeps rotation switches off the admins', () => {
    const replica = plan.keys.find((k) => k.replicaOf !== undefined);
    expect(replica?.rationale.join(' ')).toMatch(/does not copy imported key material/);
    expect(actionsOf(statement(replica?.policy ?? null, 'AllowKeyAdministration'))).not.toContain(
      'kms:EnableKeyRotation',
    );
  });

  it('leaves data that needs neither control nor audit to the services’ own encryption, one entry per service', () => {
    const scratch = plan.keys.filter((k) => k.dataSets.includes('scratch'));
    expect(scratch.map((k) => [k.type, k.services, k.region])).toEqual([
      ['aws-owned', ['cloudwatch-logs'], 'us-east-1'],
      ['aws-owned', ['sqs'], 'us-east-1'],
      ['aws-owned', ['cloudwatch-logs'], 'eu-west-1'],
      ['aws-owned', ['sqs'], 'eu-west-1'],
    ]);
  });
});

describe('golden: display names (spaces, ampersands, accents) in names', () => {
  const plan = planOfGolden('display-names');
  const invoices = plan.keys.find((k) => k.dataSets.includes('Invoices & Receipts'));

  it('makes aliases from the slugs and keeps the display names in the plan and its tags', () => {
    expect(invoices?.alias).toBe('alias/billing-service-v2/prod-eu/highly-confidential');
    expect(invoices?.application).toBe('Billing Service V2');
    expect(invoices?.tags.Application).toBe('Billing Service V2');
    expect(invoices?.tags.Owner).toBe('Finance - Ops');
  });

  it('matches a data set’s classification to its level whatever its case', () => {
    const audit = plan.keys.find((k) => k.dataSets.includes('Audit trail (2024)'));
    expect(audit?.classification).toBe('Internal');
  });
});
