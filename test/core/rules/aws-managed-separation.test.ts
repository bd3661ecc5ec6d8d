import { describe, expect, it } from 'vitest';
import { RuleContext } from '../../../src/core/rule.js';
import { awsManagedSeparationRule } from '../../../src/core/rules/aws-managed-separation.js';
import type { TypedPlacement } from '../../../src/core/rules/key-boundaries.js';
import { keyTypeRule } from '../../../src/core/rules/key-type.js';
import {
  ACCOUNT,
  application,
  dataSet,
  findingCodes,
  keyOf,
  placementsOfProfile,
  planOf,
  planOfData,
  profileOf,
  type Raw,
} from '../support.js';

const AUDIT_ONLY = { control: false, audit: true };

function apply(applications: Raw[]) {
  const { context, placements } = placementsOfProfile(profileOf(applications));
  const typed: TypedPlacement[] = placements.map((p) => {
    const decision = keyTypeRule.apply(context, p);
    return { ...p, type: decision.type, typeReason: decision.because };
  });
  const fresh = new RuleContext();
  return { result: awsManagedSeparationRule.apply(fresh, typed), context: fresh };
}

describe('aws-managed-separation (DESIGN §4.3)', () => {
  it('two audit-only data sets of different classifications on one service both become customer managed', () => {
    const { result, context } = apply([
      application('app', [
        dataSet('a', { classification: 'public', needs: AUDIT_ONLY }),
        dataSet('b', { classification: 'confidential', needs: AUDIT_ONLY }),
      ]),
    ]);
    expect(result.map((p) => p.type)).toEqual(['customer-managed', 'customer-managed']);
    expect(result.every((p) => p.typeReason.includes('would share that AWS managed key'))).toBe(true);
    expect(context.findings.map((f) => [f.code, f.severity, f.subject])).toEqual([
      ['aws-managed-cannot-separate', 'warning', 'app/prod/a'],
      ['aws-managed-cannot-separate', 'warning', 'app/prod/b'],
    ]);
    expect(context.findings[0]?.message).toContain('aws/s3');
    expect(context.trail.map((t) => t.ruleId)).toEqual(['aws-managed-separation', 'aws-managed-separation']);
  });

  it('two applications sharing an account and RDS are separated', () => {
    const plan = planOf([
      application('shop', [dataSet('orders', { services: ['rds'], needs: AUDIT_ONLY })]),
      application('crm', [dataSet('contacts', { services: ['aurora'], needs: AUDIT_ONLY })]),
    ]);
    expect(plan.keys.map((k) => k.type)).toEqual(['customer-managed', 'customer-managed']);
    expect(findingCodes(plan).filter((c) => c === 'aws-managed-cannot-separate')).toHaveLength(2);
    expect(plan.counts.recommended).toBe(2);
  });

  it('different reader sets on one service are separated', () => {
    const plan = planOfData([
      dataSet('a', { keyUsers: ['Reader'], needs: AUDIT_ONLY }),
      dataSet('b', { keyUsers: ['Writer'], needs: AUDIT_ONLY }),
    ]);
    expect(plan.keys.map((k) => k.type)).toEqual(['customer-managed', 'customer-managed']);
  });

  it('not when the data sets would be in one key anyway', () => {
    const { result, context } = apply([
      application('app', [
        dataSet('a', { needs: AUDIT_ONLY, services: ['s3', 'lambda'] }),
        dataSet('b', { needs: AUDIT_ONLY, keyUsers: ['AppRole', 'AppRole'] }),
      ]),
    ]);
    expect(result.map((p) => p.type)).toEqual(['aws-managed', 'aws-managed']);
    expect(context.findings).toEqual([]);
    const plan = planOfData([dataSet('a', { needs: AUDIT_ONLY }), dataSet('b', { needs: AUDIT_ONLY })]);
    expect(plan.keys).toHaveLength(1);
    expect(plan.keys[0]).toMatchObject({ type: 'aws-managed', dataSets: ['a', 'b'], alias: 'alias/aws/s3' });
  });

  it('not when they use different services', () => {
    const plan = planOfData([
      dataSet('a', { classification: 'public', needs: AUDIT_ONLY, services: ['s3'] }),
      dataSet('b', { needs: AUDIT_ONLY, services: ['rds'] }),
    ]);
    expect(plan.keys.map((k) => [k.type, k.alias])).toEqual([
      ['aws-managed', 'alias/aws/s3'],
      ['aws-managed', 'alias/aws/rds'],
    ]);
    expect(findingCodes(plan)).not.toContain('aws-managed-cannot-separate');
  });

  it('not across accounts or regions, where AWS managed keys differ anyway', () => {
    const plan = planOf([
      application('app', [dataSet('a', { needs: AUDIT_ONLY })], {
        environments: [
          { stage: 'prod', account: ACCOUNT, regions: ['us-east-1', 'eu-west-1'] },
          { stage: 'dev', account: '999988887777' },
        ],
      }),
    ]);
    expect(plan.keys.map((k) => k.type)).toEqual(['aws-managed', 'aws-managed', 'aws-managed']);
  });

  it('leaves customer managed and AWS owned data sets alone', () => {
    const plan = planOfData([
      dataSet('a', { classification: 'public', needs: AUDIT_ONLY }),
      dataSet('b', { classification: 'confidential' }),
      dataSet('c', { classification: 'restricted', needs: { control: false, audit: false } }),
    ]);
    expect(keyOf(plan, 'a').type).toBe('aws-managed');
    expect(keyOf(plan, 'b').type).toBe('customer-managed');
    expect(keyOf(plan, 'c').type).toBe('aws-owned');
    expect(keyOf(plan, 'c').alias).toBeNull();
  });
});
