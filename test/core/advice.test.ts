import { describe, expect, it } from 'vitest';
import { recommend } from '../../src/core/index.js';
import { exportPlanText } from '../../src/export/index.js';
import {
  ACCOUNT,
  actionsOf,
  application,
  dataSet,
  findingCodes,
  kmsKeys,
  planOf,
  planOfData,
  principalsOf,
  profileOf,
  role,
  statement,
  validateIssues,
} from './support.js';

/** Issue 9: each finding of the AWS KMS specialist's review, as a table of profiles and what the plan must say. */

const neither = { control: false, audit: false };
const auditOnly = { control: false, audit: true };

describe('issue 9 item 5: service warnings reach the plan’s findings', () => {
  it('SNS on its AWS managed key warns that CloudWatch and EventBridge cannot publish to it', () => {
    const plan = planOfData([dataSet('alerts', { services: ['sns'], needs: auditOnly })]);
    const warning = plan.findings.find((f) => f.code === 'sns-aws-managed-key-blocks-publishers');
    expect(warning).toMatchObject({ severity: 'warning', subject: 'app/prod/alerts' });
    expect(warning?.message).toMatch(/CloudWatch alarms and EventBridge/);
    expect(warning?.message).toMatch(/publishers/);
  });

  it('OpenSearch and ElastiCache keys are fixed at creation, whatever the key type', () => {
    for (const [service, needs] of [
      ['opensearch', undefined],
      ['elasticache', neither],
    ] as const) {
      const plan = planOfData([dataSet('cache', { services: [service], ...(needs ? { needs } : {}) })]);
      const finding = plan.findings.find((f) => f.code === 'key-fixed-at-creation');
      expect(finding?.message, service).toMatch(/cannot be changed/);
    }
  });

  it('Lambda on a customer managed key and Backup on AWS owned keys say what they need', () => {
    expect(findingCodes(planOfData([dataSet('fn', { services: ['lambda', 's3'] })]))).toContain(
      'lambda-code-package-key',
    );
    expect(findingCodes(planOfData([dataSet('snapshots', { services: ['backup'], needs: neither })]))).toContain(
      'backup-standard-vault-needs-kms-key',
    );
  });

  it('direct SDK access gets a finding that asks for an encryption-context condition', () => {
    const plan = planOfData([dataSet('tokens', { access: 'direct' })]);
    const finding = plan.findings.find((f) => f.code === 'direct-access-needs-encryption-context');
    expect(finding?.message).toMatch(/kms:EncryptionContext/);
  });
});

describe('issue 9 item 6: publishers, CloudFront origin access control and the Auto Scaling role', () => {
  it('SNS fed by CloudWatch and EventBridge needs a customer managed key naming both service principals', () => {
    const plan = planOfData([
      dataSet('alerts', { services: ['sns'], needs: auditOnly, publishers: ['cloudwatch', 'eventbridge'] }),
    ]);
    const [key] = kmsKeys(plan);
    expect(key?.type).toBe('customer-managed');
    const publish = statement(key?.policy ?? null, 'AllowPublishersToEncryptedTopicsAndQueues');
    expect(principalsOf(publish)).toEqual(['cloudwatch.amazonaws.com', 'events.amazonaws.com']);
    expect(actionsOf(publish)).toEqual(['kms:Decrypt', 'kms:GenerateDataKey*']);
    expect(plan.findings.map((f) => f.code)).not.toContain('sns-aws-managed-key-blocks-publishers');
  });

  it('publishers on a data set without SNS or SQS is an error naming the field', () => {
    const issues = validateIssues([
      application('app', [dataSet('d', { services: ['s3'], publishers: ['eventbridge'] })]),
    ]);
    expect(issues).toEqual([
      expect.objectContaining({
        path: 'applications[0].data[0].publishers',
        message: expect.stringMatching(/sns or sqs/),
      }),
    ]);
    expect(
      validateIssues([application('app', [dataSet('d', { services: ['sqs'], publishers: ['fax'] })])])[0]?.path,
    ).toBe('applications[0].data[0].publishers[0]');
  });

  it('CloudFront distributions reading S3 through origin access control get a statement bound to their ARN', () => {
    const plan = planOfData([dataSet('site', { services: ['s3'], cloudFrontDistributions: ['E2QWRUHAPOMQZL'] })]);
    const [key] = kmsKeys(plan);
    const oac = statement(key?.policy ?? null, 'AllowCloudFrontOriginAccessControl');
    expect(principalsOf(oac)).toEqual(['cloudfront.amazonaws.com']);
    expect(actionsOf(oac)).toEqual(['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*']);
    expect(oac?.Condition).toEqual({
      StringEquals: { 'AWS:SourceArn': [`arn:aws:cloudfront::${ACCOUNT}:distribution/E2QWRUHAPOMQZL`] },
    });
    const issues = validateIssues([
      application('app', [dataSet('d', { services: ['rds'], cloudFrontDistributions: ['E2QWRUHAPOMQZL'] })]),
    ]);
    expect(issues[0]?.path).toBe('applications[0].data[0].cloudFrontDistributions');
  });

  it('EBS launched by EC2 Auto Scaling lets its service-linked role use the key and create grants for AWS resources', () => {
    const plan = planOfData([dataSet('volumes', { services: ['ebs'], autoScaling: true })]);
    const [key] = kmsKeys(plan);
    const slr = `arn:aws:iam::${ACCOUNT}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;
    const use = statement(key?.policy ?? null, 'AllowAutoScalingServiceLinkedRoleUse');
    const grants = statement(key?.policy ?? null, 'AllowAutoScalingServiceLinkedRoleGrants');
    expect(principalsOf(use)).toEqual([slr]);
    expect(actionsOf(use)).toEqual([
      'kms:Encrypt',
      'kms:Decrypt',
      'kms:ReEncrypt*',
      'kms:GenerateDataKey*',
      'kms:DescribeKey',
    ]);
    expect(principalsOf(grants)).toEqual([slr]);
    expect(actionsOf(grants)).toEqual(['kms:CreateGrant']);
    expect(grants?.Condition).toEqual({ Bool: { 'kms:GrantIsForAWSResource': 'true' } });
    expect(findingCodes(plan)).toContain('auto-scaling-role-must-exist');
    expect(validateIssues([application('app', [dataSet('d', { services: ['s3'], autoScaling: true })])])[0]?.path).toBe(
      'applications[0].data[0].autoScaling',
    );
  });
});

describe('issue 9 item 7: one AWS managed entry per service, with its own alias', () => {
  it('splits a data set on several services into one entry per service', () => {
    const plan = planOfData([dataSet('events', { services: ['sns', 'rds', 'ebs'], needs: auditOnly })]);
    const managed = plan.keys.filter((k) => k.type === 'aws-managed');
    expect(managed.map((k) => [k.alias, k.services])).toEqual([
      ['alias/aws/ebs', ['ebs']],
      ['alias/aws/rds', ['rds']],
      ['alias/aws/sns', ['sns']],
    ]);
  });
});

describe('issue 9 items 7 and 8 together: neither, per service', () => {
  it('gives S3 its AWS owned default and SNS its AWS managed key, each entry saying why', () => {
    const plan = planOfData([dataSet('events', { services: ['s3', 'sns'], needs: neither })]);
    expect(plan.keys.map((k) => [k.type, k.alias, k.services])).toEqual([
      ['aws-owned', null, ['s3']],
      ['aws-managed', 'alias/aws/sns', ['sns']],
    ]);
    expect(plan.keys[0]?.rationale.join(' ')).toMatch(
      /Type aws-owned: neither control nor audit is needed, and Amazon S3/,
    );
  });
});

describe('issue 9 item 8: neither control nor audit where the service encrypts by default', () => {
  it('CloudWatch Logs with neither gets the service’s default encryption, no key to pay for', () => {
    const plan = planOfData([dataSet('logs', { services: ['cloudwatch-logs'], needs: neither })]);
    expect(plan.keys.map((k) => k.type)).toEqual(['aws-owned']);
    expect(plan.counts.recommended).toBe(0);
  });
});

describe('issue 9 item 9: rationales state the real reason', () => {
  it('two data sets on one key share it because nothing separates them, not because they are one data type', () => {
    const plan = planOfData([dataSet('a', { services: ['s3', 'dynamodb'] }), dataSet('b', { services: ['s3'] })]);
    const [key] = kmsKeys(plan);
    expect(key?.dataSets).toEqual(['a', 'b']);
    const text = key?.rationale.join('\n') ?? '';
    expect(text).not.toMatch(/a, b flow through/);
    expect(text).toMatch(/a and b share this key: same application, stage, account, region, classification/);
  });

  it('never says an audit trail is needed for a data set that asked for neither', () => {
    const plan = planOf([
      application('one', [dataSet('x', { services: ['sns'], needs: neither, classification: 'public' })]),
      application('two', [dataSet('y', { services: ['sns'], needs: neither, classification: 'internal' })]),
    ]);
    const text = JSON.stringify(plan);
    expect(text).not.toMatch(/asked only for an audit trail/);
    expect(text).not.toMatch(/an audit trail is needed/);
  });
});

describe('issue 9 item 10: a new reader joins the existing key', () => {
  const before = profileOf([application('app', [dataSet('orders', { services: ['rds'], keyUsers: ['App'] })])]);
  const after = profileOf([
    application('app', [dataSet('orders', { services: ['rds'], keyUsers: ['App', 'Analyst'] })]),
  ]);

  it('keeps the data set on its key and names who gains decrypt on which data sets', () => {
    const previous = recommend(before);
    const plan = recommend(after, { previous });
    expect(kmsKeys(plan).map((k) => k.id)).toEqual(kmsKeys(previous).map((k) => k.id));
    expect(kmsKeys(plan)[0]?.users).toEqual([role('Analyst'), role('App')]);
    const finding = plan.findings.find((f) => f.code === 'reader-added-to-existing-key');
    expect(finding?.message).toContain(role('Analyst'));
    expect(finding?.message).toContain('orders');
  });

  it('keeps the kept key’s alias when a new key would otherwise take it', () => {
    const previous = recommend(
      profileOf([application('app', [dataSet('orders', { services: ['rds'], keyUsers: ['App'] })])]),
    );
    const grown = profileOf([
      application('app', [
        dataSet('orders', { services: ['rds'], keyUsers: ['App', 'Analyst'] }),
        dataSet('payments', { services: ['rds'], keyUsers: ['Payments'] }),
      ]),
    ]);
    const plan = recommend(grown, { previous });
    const orders = kmsKeys(plan).find((k) => k.dataSets.includes('orders'));
    expect(orders?.id).toBe(kmsKeys(previous)[0]?.id);
    expect(orders?.alias).toBe('alias/app/prod/confidential');
    expect(kmsKeys(plan).find((k) => k.dataSets.includes('payments'))?.alias).toBe(
      'alias/app/prod/confidential/payments',
    );
  });

  it('never advises re-encrypting data because a key user was added', () => {
    const markdown = exportPlanText(recommend(after), 'markdown');
    expect(markdown).not.toMatch(/moves it to a new key/);
    expect(markdown).toMatch(/added to that key’s policy/);
  });
});

describe('issue 9 item 11: a central team replacing a team’s administrators is said', () => {
  it('gives a finding and a reason on the key', () => {
    const plan = planOf([application('app', [dataSet('d')], { keyAdmins: ['TeamKeyAdmins'] })], {
      organization: {
        name: 'Org',
        traits: ['central-security-function'],
        securityTeam: { name: 'sec', keyAdmins: ['SecurityKeyAdmins'] },
      },
    });
    const finding = plan.findings.find((f) => f.code === 'central-team-administers-instead');
    expect(finding?.message).toContain(role('TeamKeyAdmins'));
    expect(finding?.message).toContain(role('SecurityKeyAdmins'));
    expect(kmsKeys(plan)[0]?.rationale.join(' ')).toMatch(/TeamKeyAdmins.*not in the key policy/);
  });
});

describe('issue 9 item 12: multi-Region only where a replica region exists', () => {
  it('plans a single-Region key in a one-region environment and says why', () => {
    const plan = planOfData([dataSet('d', { needs: { multiRegion: true } })]);
    const [key] = kmsKeys(plan);
    expect(key?.multiRegion).toBe(false);
    const finding = plan.findings.find((f) => f.code === 'multi-region-without-replica-region');
    expect(finding?.message).toMatch(/cannot be converted|cannot become/);
  });
});

describe('issue 9 item 13: imported key material', () => {
  it('administrators get no automatic-rotation actions on an imported key', () => {
    const [key] = kmsKeys(planOfData([dataSet('d', { needs: { byok: true } })]));
    const admin = actionsOf(statement(key?.policy ?? null, 'AllowKeyAdministration'));
    expect(admin).not.toContain('kms:EnableKeyRotation');
    expect(admin).not.toContain('kms:DisableKeyRotation');
    expect(admin).toContain('kms:ImportKeyMaterial');
  });

  it('a multi-Region imported replica says the material must be imported into it too', () => {
    const plan = planOf([
      application('app', [dataSet('d', { needs: { byok: true, multiRegion: true } })], {
        environments: [{ stage: 'prod', account: ACCOUNT, regions: ['us-east-1', 'eu-west-1'] }],
      }),
    ]);
    const replica = plan.keys.find((k) => k.replicaOf !== undefined);
    expect(replica?.rationale.join(' ')).toMatch(/does not copy imported key material/);
  });
});

describe('issue 9 item 14: request cost assumptions', () => {
  const apps = [
    application('app', [dataSet('d', { requestsPerMonth: 1_000_000 })], {
      environments: [
        { stage: 'prod', account: ACCOUNT, regions: ['us-east-1', 'eu-west-1'] },
        { stage: 'dev', account: '444455556666' },
      ],
    }),
  ];

  it('states that requests are per region and the free tier per account', () => {
    const plan = planOf(apps);
    const notes = plan.cost.notes.join('\n');
    expect(notes).toMatch(/per region/);
    expect(notes).toMatch(/free tier .*each account/);
    // 3 region placements × 1,000,000, minus 20,000 free in each of 2 accounts.
    expect(plan.cost.monthlyUsd).toBeCloseTo(3 + ((3_000_000 - 40_000) / 10_000) * 0.03, 2);
  });

  it('subtracts the free tier once when the accounts share a consolidated bill', () => {
    const plan = planOf(apps, { organization: { name: 'Org', consolidatedBilling: true } });
    expect(plan.cost.monthlyUsd).toBeCloseTo(3 + ((3_000_000 - 20_000) / 10_000) * 0.03, 2);
    expect(plan.cost.notes.join('\n')).toMatch(/consolidated bill/);
  });
});

describe('issue 9 item 15: findings name their principle; regulation tags', () => {
  it('an administrator who is also a user breaks P4, said in code and message', () => {
    const plan = planOfData([dataSet('d', { keyUsers: ['KeyAdmins'] })]);
    const finding = plan.findings.find((f) => f.code === 'p4-admin-is-also-user');
    expect(finding?.message).toMatch(/^P4 separation of duties/);
  });

  it('tags keys with the regulations of their classification', () => {
    const plan = planOfData([dataSet('d')], {
      classifications: [{ name: 'confidential', regulations: ['HIPAA', 'PCI-DSS'] }],
    });
    expect(kmsKeys(plan)[0]?.tags.Regulation).toBe('HIPAA PCI-DSS');
    expect(kmsKeys(planOfData([dataSet('d')]))[0]?.tags).not.toHaveProperty('Regulation');
  });
});
