import { describe, expect, it } from 'vitest';
import type { KeyType, Rotation } from '../../../src/core/index.js';
import { RuleContext } from '../../../src/core/rule.js';
import { costRule, keyFeeInMonth, requestCostUsd } from '../../../src/core/rules/cost.js';
import { ACCOUNT, application, dataSet, OTHER_ACCOUNT, planOf, planOfData } from '../support.js';

const ROTATING = (days: number): Rotation => ({ automatic: true, periodDays: days, note: '' });
const NOT_ROTATING: Rotation = { automatic: false, periodDays: null, note: '' };

function cost(keys: { type: KeyType; rotation: Rotation }[], requests: [string, number][] = []) {
  const context = new RuleContext();
  const summary = costRule.apply(context, { keys, requestsByAccount: new Map(requests) });
  return { summary, context };
}

describe('cost (DESIGN §6)', () => {
  it('one customer managed key is $1 a month', () => {
    const { summary, context } = cost([{ type: 'customer-managed', rotation: ROTATING(365) }]);
    expect(summary.monthlyUsd).toBe(1);
    expect(context.trail).toEqual([expect.objectContaining({ ruleId: 'cost', subject: 'plan' })]);
  });

  it('rotation every 365 days: years 1–3 cost $12, $24, $36 ($1 → $2 → $3, capped)', () => {
    expect(cost([{ type: 'customer-managed', rotation: ROTATING(365) }]).summary.yearlyUsd).toEqual([12, 24, 36]);
  });

  it('the surcharge is capped after the second rotation', () => {
    const fees = Array.from({ length: 36 }, (_, m) => keyFeeInMonth('customer-managed', ROTATING(90), m + 1));
    expect(fees.slice(0, 3)).toEqual([1, 1, 1]);
    expect(fees[3]).toBe(2);
    expect(Math.max(...fees)).toBe(3);
    expect(fees.slice(6)).toEqual(Array(30).fill(3));
  });

  it('rotation every 2560 days adds nothing within three years', () => {
    expect(cost([{ type: 'customer-managed', rotation: ROTATING(2560) }]).summary.yearlyUsd).toEqual([12, 12, 12]);
  });

  it('imported keys have no rotation surcharge', () => {
    expect(cost([{ type: 'customer-managed-imported', rotation: NOT_ROTATING }]).summary).toMatchObject({
      monthlyUsd: 1,
      yearlyUsd: [12, 12, 12],
    });
  });

  it.each([['aws-managed'], ['aws-owned']] as const)('%s keys have no monthly fee', (type) => {
    expect(cost([{ type, rotation: ROTATING(365) }]).summary).toMatchObject({ monthlyUsd: 0, yearlyUsd: [0, 0, 0] });
  });

  it('requests: $0.03 per 10,000 beyond 20,000 free per account', () => {
    expect(requestCostUsd(0)).toBe(0);
    expect(requestCostUsd(20_000)).toBe(0);
    expect(requestCostUsd(30_000)).toBeCloseTo(0.03, 10);
    expect(requestCostUsd(2_020_000)).toBeCloseTo(6, 10);
    const { summary } = cost(
      [],
      [
        [ACCOUNT, 1_020_000],
        [OTHER_ACCOUNT, 10_000],
      ],
    );
    expect(summary.monthlyUsd).toBe(3);
    expect(summary.yearlyUsd).toEqual([36, 36, 36]);
    expect(summary.notes.join(' ')).toContain('1,030,000 requests/month');
  });

  it('without request counts the cost is the key fees alone, with a note', () => {
    const { summary } = cost([{ type: 'customer-managed', rotation: ROTATING(365) }]);
    expect(summary.notes.join(' ')).toMatch(/Request cost not estimated/);
  });
});

describe('cost in the plan', () => {
  it('two keys, no requests: $2 a month, $24/$48/$72 a year', () => {
    const plan = planOfData([dataSet('a'), dataSet('b', { classification: 'public' })]);
    expect(plan.cost.monthlyUsd).toBe(2);
    expect(plan.cost.yearlyUsd).toEqual([24, 48, 72]);
    expect(plan.keys.map((k) => k.monthlyCostUsd)).toEqual([1, 1]);
  });

  it('multi-Region replicas are billed as keys', () => {
    const plan = planOf([
      application('app', [dataSet('d', { needs: { multiRegion: true } })], {
        environments: [{ stage: 'prod', account: ACCOUNT, regions: ['us-east-1', 'eu-west-1', 'ap-southeast-2'] }],
      }),
    ]);
    expect(plan.keys.map((k) => [k.region, k.replicaOf !== undefined, k.monthlyCostUsd])).toEqual([
      ['us-east-1', false, 1],
      ['eu-west-1', true, 1],
      ['ap-southeast-2', true, 1],
    ]);
    expect(plan.cost.monthlyUsd).toBe(3);
    expect(plan.cost.yearlyUsd).toEqual([36, 72, 108]);
  });

  it('AWS managed and owned entries are free', () => {
    const plan = planOfData([
      dataSet('a', { needs: { control: false, audit: true } }),
      dataSet('b', { classification: 'public', services: ['rds'], needs: { control: false, audit: false } }),
    ]);
    expect(plan.keys.map((k) => k.monthlyCostUsd)).toEqual([0, 0]);
    expect(plan.cost).toMatchObject({ monthlyUsd: 0, yearlyUsd: [0, 0, 0] });
  });

  it('counts requests only when given, summed per account before the free tier', () => {
    const plan = planOf([
      application('a', [dataSet('d', { requestsPerMonth: 15_000 })]),
      application('b', [dataSet('d', { requestsPerMonth: 15_000 })]),
      application('c', [dataSet('d', { requestsPerMonth: 15_000 })], {
        environments: [{ stage: 'prod', account: OTHER_ACCOUNT }],
      }),
    ]);
    // account 1: 30,000 - 20,000 free = 10,000 → $0.03; account 2: 15,000 < 20,000 free → $0
    expect(plan.cost.monthlyUsd).toBe(3.03);
    expect(plan.cost.yearlyUsd).toEqual([36.36, 72.36, 108.36]);
  });

  it('requests on AWS managed keys are not billed to the plan', () => {
    const plan = planOfData([dataSet('d', { needs: { control: false, audit: true }, requestsPerMonth: 5_000_000 })]);
    expect(plan.cost.monthlyUsd).toBe(0);
  });
});
