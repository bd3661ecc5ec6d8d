import { describe, expect, it } from 'vitest';
import { SERVICE_IDS, serviceById } from '../../../src/core/index.js';
import { CRYPTOGRAPHIC_ACTION_PATTERN } from '../../../src/core/policy/actions.js';
import { RuleContext } from '../../../src/core/rule.js';
import { keyPolicyRule, type PolicyInput, viaServiceValues } from '../../../src/core/rules/key-policy.js';
import {
  ACCOUNT,
  actionsOf,
  application,
  dataSet,
  keyOf,
  planOf,
  planOfData,
  principalsOf,
  role,
  statement,
} from '../support.js';

const TEAM = [role('KeyAdmins')];
const SECURITY = [role('SecurityKeyAdmins')];
const USERS = [role('AppRole'), role('Worker')];

function policyFor(extra: Partial<PolicyInput> = {}) {
  const context = new RuleContext();
  const policy = keyPolicyRule.apply(context, {
    subject: 'app/prod/d',
    type: 'customer-managed',
    account: ACCOUNT,
    region: 'us-east-1',
    multiRegion: false,
    services: ['s3'],
    users: USERS,
    admins: { team: TEAM, security: [] },
    access: 'service',
    model: 'decentralized',
    ...extra,
  });
  return { policy, context };
}

function adminActions(extra: Partial<PolicyInput> = {}): string[] {
  return actionsOf(statement(policyFor(extra).policy, 'AllowKeyAdministration'));
}

describe('key-policy (a): account root', () => {
  it('keeps kms:* for the account root, first', () => {
    const { policy } = policyFor();
    expect(policy.Version).toBe('2012-10-17');
    expect(policy.Statement[0]).toEqual({
      Sid: 'EnableRootAccountAndIAMPolicies',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
      Action: 'kms:*',
      Resource: '*',
    });
  });

  it('uses the partition of the key’s region', () => {
    expect(principalsOf(policyFor({ region: 'cn-north-1' }).policy.Statement[0])).toEqual([
      `arn:aws-cn:iam::${ACCOUNT}:root`,
    ]);
    expect(principalsOf(policyFor({ region: 'us-gov-west-1' }).policy.Statement[0])).toEqual([
      `arn:aws-us-gov:iam::${ACCOUNT}:root`,
    ]);
  });

  it('the plan carries the IAM-delegation guardrail finding', () => {
    const plan = planOfData([dataSet('d')]);
    expect(plan.findings).toContainEqual(
      expect.objectContaining({ code: 'iam-delegation-guardrails', subject: 'plan' }),
    );
  });
});

describe('key-policy (b): administrators', () => {
  const variants: [string, Partial<PolicyInput>][] = [
    ['customer managed', {}],
    ['imported', { type: 'customer-managed-imported' }],
    ['multi-Region', { multiRegion: true }],
    ['hybrid', { model: 'hybrid', admins: { team: TEAM, security: SECURITY } }],
    ['centralized', { model: 'centralized' }],
  ];

  it.each(variants)('%s: no cryptographic action, no CreateGrant, no wildcard', (_name, extra) => {
    const actions = adminActions(extra);
    expect(actions.length).toBeGreaterThan(10);
    for (const action of actions) {
      expect(action).not.toMatch(CRYPTOGRAPHIC_ACTION_PATTERN);
      expect(action).not.toMatch(/\*/);
    }
    expect(actions).not.toContain('kms:CreateGrant');
    expect(actions).not.toContain('kms:*');
    expect(actions).not.toContain('kms:Create*');
    expect(new Set(actions).size).toBe(actions.length);
  });

  it('lists the administrative actions explicitly', () => {
    const actions = adminActions();
    for (const action of [
      'kms:DescribeKey',
      'kms:EnableKey',
      'kms:DisableKey',
      'kms:PutKeyPolicy',
      'kms:TagResource',
      'kms:UntagResource',
      'kms:CreateAlias',
      'kms:UpdateAlias',
      'kms:DeleteAlias',
      'kms:ScheduleKeyDeletion',
      'kms:CancelKeyDeletion',
      'kms:RotateKeyOnDemand',
    ]) {
      expect(actions).toContain(action);
    }
    expect(principalsOf(statement(policyFor().policy, 'AllowKeyAdministration'))).toEqual(TEAM);
  });

  it('imported keys get ImportKeyMaterial and GetParametersForImport; others do not', () => {
    expect(adminActions({ type: 'customer-managed-imported' })).toEqual(
      expect.arrayContaining(['kms:ImportKeyMaterial', 'kms:GetParametersForImport']),
    );
    expect(adminActions()).not.toContain('kms:ImportKeyMaterial');
    expect(adminActions()).not.toContain('kms:GetParametersForImport');
  });

  it('multi-Region keys get ReplicateKey; others do not', () => {
    expect(adminActions({ multiRegion: true })).toContain('kms:ReplicateKey');
    expect(adminActions()).not.toContain('kms:ReplicateKey');
  });

  it('hybrid: PutKeyPolicy and ScheduleKeyDeletion only in the security team’s statement', () => {
    const { policy } = policyFor({ model: 'hybrid', admins: { team: TEAM, security: SECURITY } });
    const central = statement(policy, 'AllowCentralSecurityPolicyAndDeletion');
    expect(principalsOf(central)).toEqual(SECURITY);
    expect(actionsOf(central)).toEqual(expect.arrayContaining(['kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion']));
    for (const action of actionsOf(central)) expect(action).not.toMatch(CRYPTOGRAPHIC_ACTION_PATTERN);
    const holders = policy.Statement.filter(
      (s) =>
        s.Sid !== 'EnableRootAccountAndIAMPolicies' &&
        actionsOf(s).some((a) => a === 'kms:PutKeyPolicy' || a === 'kms:ScheduleKeyDeletion'),
    );
    expect(holders.map((s) => s.Sid)).toEqual(['AllowCentralSecurityPolicyAndDeletion']);
    expect(adminActions({ model: 'hybrid', admins: { team: TEAM, security: SECURITY } })).toContain('kms:EnableKey');
  });

  it('hybrid without a security team: the team keeps every administrative action', () => {
    const { policy } = policyFor({ model: 'hybrid', admins: { team: TEAM, security: [] } });
    expect(statement(policy, 'AllowCentralSecurityPolicyAndDeletion')).toBeUndefined();
    expect(actionsOf(statement(policy, 'AllowKeyAdministration'))).toContain('kms:PutKeyPolicy');
  });

  it('not hybrid: no security statement even when security principals are known', () => {
    const { policy } = policyFor({ model: 'decentralized', admins: { team: TEAM, security: SECURITY } });
    expect(statement(policy, 'AllowCentralSecurityPolicyAndDeletion')).toBeUndefined();
  });
});

describe('key-policy (c): users', () => {
  it('access service: cryptographic actions with kms:ViaService for the key’s services in its region', () => {
    const { policy } = policyFor({ services: ['rds', 'lambda', 'ebs', 's3'], region: 'eu-west-1' });
    const use = statement(policy, 'AllowKeyUse');
    expect(principalsOf(use)).toEqual(USERS);
    expect(actionsOf(use)).toEqual([
      'kms:Encrypt',
      'kms:Decrypt',
      'kms:ReEncrypt*',
      'kms:GenerateDataKey*',
      'kms:DescribeKey',
    ]);
    expect(use?.Condition).toEqual({
      StringEquals: {
        'kms:ViaService': [
          'ec2.eu-west-1.amazonaws.com',
          'lambda.eu-west-1.amazonaws.com',
          'rds.eu-west-1.amazonaws.com',
          's3.eu-west-1.amazonaws.com',
        ],
      },
    });
  });

  it.each([
    ['ebs', ['ec2']],
    ['aurora', ['rds']],
    ['efs', ['elasticfilesystem']],
    ['opensearch', ['es']],
    ['elasticache', ['elasticache', 'dax']],
    ['glue', ['s3']],
    ['athena', ['s3']],
  ])('%s: kms:ViaService includes %j (DESIGN §2)', (service, prefixes) => {
    const use = statement(policyFor({ services: [service] }).policy, 'AllowKeyUse');
    const values = use?.Condition?.StringEquals?.['kms:ViaService'];
    expect(values).toEqual(expect.arrayContaining(prefixes.map((p) => `${p}.us-east-1.amazonaws.com`)));
    expect(values).toEqual(viaServiceValues([service], 'us-east-1'));
  });

  it.each(SERVICE_IDS.map((id) => [id]))('%s: one kms:ViaService value per prefix in the services table', (id) => {
    const values = viaServiceValues([id, id], 'ap-southeast-2');
    expect(values).toEqual(
      [...new Set(serviceById(id).viaService)].map((p) => `${p}.ap-southeast-2.amazonaws.com`).sort(),
    );
  });

  it('kms:ViaService keeps the amazonaws.com suffix in China regions too (KMS condition-key docs)', () => {
    const use = statement(policyFor({ region: 'cn-north-1' }).policy, 'AllowKeyUse');
    expect(use?.Condition?.StringEquals?.['kms:ViaService']).toEqual(['s3.cn-north-1.amazonaws.com']);
  });

  it('access direct: no kms:ViaService, and the trail advises an encryption-context condition', () => {
    const { policy, context } = policyFor({ access: 'direct' });
    const use = statement(policy, 'AllowKeyUse');
    expect(use).toBeDefined();
    expect(use?.Condition).toBeUndefined();
    expect(JSON.stringify(policy)).not.toContain('kms:ViaService');
    expect(context.trail).toEqual([
      expect.objectContaining({ ruleId: 'key-policy', because: expect.stringMatching(/EncryptionContext/) }),
    ]);
  });

  it('no users: no user statement', () => {
    const { policy } = policyFor({ users: [] });
    expect(statement(policy, 'AllowKeyUse')).toBeUndefined();
    expect(statement(policy, 'AllowGrantsForAWSResources')).toBeUndefined();
  });

  it('one user is a plain string principal', () => {
    expect(statement(policyFor({ users: [role('Solo')] }).policy, 'AllowKeyUse')?.Principal).toEqual({
      AWS: role('Solo'),
    });
  });
});

describe('key-policy (d): grants for AWS resources', () => {
  it.each([['rds'], ['ebs'], ['redshift'], ['aurora'], ['efs']])(
    '%s needs grants: CreateGrant limited to AWS resources',
    (service) => {
      const grants = statement(policyFor({ services: ['s3', service] }).policy, 'AllowGrantsForAWSResources');
      expect(principalsOf(grants)).toEqual(USERS);
      expect(actionsOf(grants)).toEqual(['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant']);
      expect(grants?.Condition).toEqual({ Bool: { 'kms:GrantIsForAWSResource': 'true' } });
    },
  );

  it.each(SERVICE_IDS.map((id) => [id, serviceById(id).grants]))(
    '%s alone: a grants statement exactly when the service needs grants (%s)',
    (id, grants) => {
      const { policy } = policyFor({ services: [id] });
      expect(statement(policy, 'AllowGrantsForAWSResources') !== undefined).toBe(grants);
      const withCreateGrant = policy.Statement.filter(
        (s) => s.Sid !== 'EnableRootAccountAndIAMPolicies' && actionsOf(s).includes('kms:CreateGrant'),
      );
      expect(withCreateGrant.every((s) => s.Condition?.Bool?.['kms:GrantIsForAWSResource'] === 'true')).toBe(true);
      expect(withCreateGrant).toHaveLength(grants ? 1 : 0);
    },
  );

  it('S3 and SQS need no grants statement', () => {
    expect(statement(policyFor({ services: ['s3', 'sqs'] }).policy, 'AllowGrantsForAWSResources')).toBeUndefined();
  });
});

describe('key-policy (e): service principals', () => {
  it('CloudWatch Logs: logs.<region>.amazonaws.com with an encryption-context condition', () => {
    const { policy } = policyFor({ services: ['cloudwatch-logs'], region: 'eu-central-1' });
    const logs = policy.Statement.find((s) => 'Service' in s.Principal);
    expect(logs?.Principal).toEqual({ Service: 'logs.eu-central-1.amazonaws.com' });
    expect(logs?.Condition).toEqual({
      ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:eu-central-1:${ACCOUNT}:log-group:*` },
    });
    expect(actionsOf(logs)).toEqual(expect.arrayContaining(['kms:Encrypt*', 'kms:Decrypt*', 'kms:GenerateDataKey*']));
  });

  it('no service principal without a service that needs one', () => {
    expect(policyFor({ services: ['s3', 'rds'] }).policy.Statement.some((s) => 'Service' in s.Principal)).toBe(false);
  });
});

describe('key-policy in the plan', () => {
  it('never names the wildcard principal and only customer managed keys carry a policy', () => {
    const plan = planOfData([
      dataSet('a', { services: ['cloudwatch-logs', 'rds'] }),
      dataSet('b', { classification: 'public', needs: { control: false, audit: true } }),
      dataSet('c', { classification: 'internal', needs: { control: false, audit: false } }),
    ]);
    expect(keyOf(plan, 'a').policy).not.toBeNull();
    expect(keyOf(plan, 'b').policy).toBeNull();
    expect(keyOf(plan, 'c').policy).toBeNull();
    for (const key of plan.keys) {
      for (const s of key.policy?.Statement ?? []) expect(principalsOf(s)).not.toContain('*');
    }
  });

  it('hybrid plan: the security team holds PutKeyPolicy and deletion, the team the rest', () => {
    const plan = planOf([application('app', [dataSet('d')])], {
      organization: {
        name: 'Org',
        governance: 'hybrid',
        securityTeam: { name: 'sec', keyAdmins: ['SecurityKeyAdmins'] },
      },
    });
    const policy = keyOf(plan, 'd').policy;
    expect(principalsOf(statement(policy, 'AllowCentralSecurityPolicyAndDeletion'))).toEqual(SECURITY);
    expect(actionsOf(statement(policy, 'AllowKeyAdministration'))).not.toContain('kms:PutKeyPolicy');
    expect(actionsOf(statement(policy, 'AllowKeyAdministration'))).not.toContain('kms:ScheduleKeyDeletion');
  });

  it('a multi-Region replica’s policy names its own region', () => {
    const plan = planOf([
      application('app', [dataSet('d', { needs: { multiRegion: true }, services: ['cloudwatch-logs'] })], {
        environments: [{ stage: 'prod', account: ACCOUNT, regions: ['us-east-1', 'eu-west-1'] }],
      }),
    ]);
    const replica = keyOf(plan, 'd', 'eu-west-1');
    expect(replica.replicaOf).toBe(keyOf(plan, 'd', 'us-east-1').id);
    const logs = replica.policy?.Statement.find((s) => 'Service' in s.Principal);
    expect(logs?.Principal).toEqual({ Service: 'logs.eu-west-1.amazonaws.com' });
    expect(actionsOf(statement(replica.policy, 'AllowKeyAdministration'))).toContain('kms:ReplicateKey');
  });
});
