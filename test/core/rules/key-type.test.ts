import { describe, expect, it } from 'vitest';
import type { KeyType } from '../../../src/core/index.js';
import { keyTypeRule } from '../../../src/core/rules/key-type.js';
import {
  ACCOUNT,
  application,
  dataSet,
  keyOf,
  OTHER_ACCOUNT,
  placementsOfProfile,
  planOf,
  planOfData,
  profileOf,
  type Raw,
  role,
} from '../support.js';

function decide(extra: Raw) {
  const { context, placements } = placementsOfProfile(profileOf([application('app', [dataSet('d', extra)])]));
  const placement = placements[0];
  if (!placement) throw new Error('no placement');
  const decision = keyTypeRule.apply(context, placement);
  return { decision, context };
}

const CONTROL = { control: true, audit: true };
const AUDIT_ONLY = { control: false, audit: true };
const NEITHER = { control: false, audit: false };

describe('key-type: type from needs (DESIGN §4.3)', () => {
  const table: [string, Raw, KeyType][] = [
    ['control on s3', { needs: CONTROL }, 'customer-managed'],
    ['control without audit on rds', { services: ['rds'], needs: { control: true, audit: false } }, 'customer-managed'],
    ['default needs (control and audit)', {}, 'customer-managed'],
    ['byok', { needs: { byok: true } }, 'customer-managed-imported'],
    ['byok without control', { needs: { control: false, audit: false, byok: true } }, 'customer-managed-imported'],
    ['audit only on s3', { needs: AUDIT_ONLY }, 'aws-managed'],
    ['audit only on rds', { services: ['rds'], needs: AUDIT_ONLY }, 'aws-managed'],
    [
      'audit only on s3, lambda and dynamodb',
      { services: ['s3', 'lambda', 'dynamodb'], needs: AUDIT_ONLY },
      'aws-managed',
    ],
    ['audit only on cloudwatch-logs', { services: ['cloudwatch-logs'], needs: AUDIT_ONLY }, 'customer-managed'],
    ['audit only on athena (no AWS managed key)', { services: ['athena'], needs: AUDIT_ONLY }, 'customer-managed'],
    ['neither on s3', { needs: NEITHER }, 'aws-owned'],
    ['neither on dynamodb and sqs', { services: ['dynamodb', 'sqs'], needs: NEITHER }, 'aws-owned'],
    ['neither on rds', { services: ['rds'], needs: NEITHER }, 'aws-managed'],
    ['neither on ebs', { services: ['ebs'], needs: NEITHER }, 'aws-managed'],
    ['neither on secretsmanager', { services: ['secretsmanager'], needs: NEITHER }, 'aws-managed'],
    ['neither on s3 and rds', { services: ['s3', 'rds'], needs: NEITHER }, 'aws-managed'],
    // Log groups are always encrypted: with neither need, the service's own default (issue 9 item 8).
    ['neither on cloudwatch-logs (service principal)', { services: ['cloudwatch-logs'], needs: NEITHER }, 'aws-owned'],
    [
      'audit only on cloudwatch-logs (service principal)',
      { services: ['cloudwatch-logs'], needs: AUDIT_ONLY },
      'customer-managed',
    ],
  ];

  it.each(table)('%s → %s', (_name, extra, type) => {
    const { decision, context } = decide(extra);
    expect(decision.type).toBe(type);
    expect(decision.because.length).toBeGreaterThan(0);
    expect(context.trail.filter((t) => t.ruleId === 'key-type')).toEqual([
      { ruleId: 'key-type', subject: 'app/prod/d', because: `${type}: ${decision.because}` },
    ]);
  });

  it('byok is imported key material with origin EXTERNAL', () => {
    expect(decide({ needs: { byok: true } }).decision.because).toMatch(/EXTERNAL/);
  });

  it('neither need on RDS explains that RDS offers no AWS owned key', () => {
    expect(decide({ services: ['rds'], needs: NEITHER }).decision.because).toMatch(/rds offers no AWS owned key/);
  });

  it('audit only on CloudWatch Logs falls back to customer managed with a finding', () => {
    const { decision, context } = decide({ services: ['cloudwatch-logs'], needs: AUDIT_ONLY });
    expect(decision.type).toBe('customer-managed');
    expect(context.findings).toEqual([
      expect.objectContaining({ code: 'no-aws-managed-key', subject: 'app/prod/d', severity: 'info' }),
    ]);
    expect(context.findings[0]?.message).toContain('cloudwatch-logs');
  });

  it('audit only on Athena falls back to customer managed with a finding', () => {
    const { context } = decide({ services: ['athena'], needs: AUDIT_ONLY });
    expect(context.findings.map((f) => f.code)).toEqual(['no-aws-managed-key']);
  });

  it('audit only on S3 makes no finding', () => {
    expect(decide({ needs: AUDIT_ONLY }).context.findings).toEqual([]);
  });
});

describe('key-type: customer managed is forced where a policy must name someone', () => {
  const crossAccountUser = role('Partner', OTHER_ACCOUNT);

  it.each([
    ['audit only', AUDIT_ONLY],
    ['neither', NEITHER],
  ])('a key user of another account (%s) forces customer managed', (_name, needs) => {
    const { decision } = decide({ needs, keyUsers: ['AppRole', crossAccountUser] });
    expect(decision.type).toBe('customer-managed');
    expect(decision.because).toContain(crossAccountUser);
    expect(decision.because).toMatch(/another account/);
  });

  it('a key administrator of another account forces customer managed', () => {
    const { decision } = decide({ needs: AUDIT_ONLY, keyAdmins: [role('CentralAdmins', OTHER_ACCOUNT)] });
    expect(decision.type).toBe('customer-managed');
  });

  it('a full ARN in the same account does not force customer managed', () => {
    expect(decide({ needs: AUDIT_ONLY, keyUsers: [role('AppRole', ACCOUNT)] }).decision.type).toBe('aws-managed');
  });

  it('multi-Region keys exist only as customer managed keys', () => {
    const environments = [{ stage: 'prod', account: ACCOUNT, regions: ['us-east-1', 'eu-west-1'] }];
    const plan = planOf([
      application('app', [dataSet('d', { needs: { ...AUDIT_ONLY, multiRegion: true } })], { environments }),
    ]);
    expect(plan.keys.map((k) => [k.type, k.multiRegion])).toEqual([
      ['customer-managed', true],
      ['customer-managed', true],
    ]);
    const { placements, context } = placementsOfProfile(
      profileOf([application('app', [dataSet('d', { needs: { ...NEITHER, multiRegion: true } })], { environments })]),
    );
    const decision = keyTypeRule.apply(context, placements[0] as (typeof placements)[number]);
    expect(decision.type).toBe('customer-managed');
    expect(decision.because).toMatch(/multi-Region/);
  });

  it('the forced reason reaches the plan rationale and trail', () => {
    const plan = planOfData([dataSet('d', { needs: AUDIT_ONLY, keyUsers: [role('Partner', OTHER_ACCOUNT)] })]);
    const key = keyOf(plan, 'd');
    expect(key.type).toBe('customer-managed');
    expect(key.rationale.some((r) => r.startsWith('Type customer-managed: principals of another account'))).toBe(true);
    expect(plan.findings.map((f) => f.code)).toContain('cross-account-use');
  });
});
