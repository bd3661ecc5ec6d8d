import { describe, expect, it } from 'vitest';
import { RuleContext } from '../../../src/core/rule.js';
import { countRange, keyBoundariesRule, type TypedPlacement } from '../../../src/core/rules/key-boundaries.js';
import {
  ACCOUNT,
  application,
  dataSet,
  kmsKeys,
  OTHER_ACCOUNT,
  placementsOfProfile,
  planOf,
  planOfData,
  profileOf,
  type Raw,
  role,
} from '../support.js';

/** Which data sets share a key, as sorted groups of names. */
function sharing(data: Raw[], extra: Raw = {}): string[][] {
  return kmsKeys(planOfData(data, extra))
    .map((k) => [...k.dataSets].sort())
    .sort();
}

describe('key-boundaries: what shares a key (DESIGN §4.2)', () => {
  it('one data type through S3 → Lambda → DynamoDB is one key whose services are the union', () => {
    const plan = planOfData([dataSet('customer-record', { services: ['s3', 'lambda', 'dynamodb'] })]);
    const keys = kmsKeys(plan);
    expect(keys).toHaveLength(1);
    expect(keys[0]?.services).toEqual(['dynamodb', 'lambda', 's3']);
    expect(keys[0]?.principles).toContain('P3');
    expect(plan.counts.recommended).toBe(1);
    expect(plan.trail).toContainEqual({
      ruleId: 'key-boundaries',
      subject: 'app/prod/customer-record',
      because: expect.stringContaining('Principle 3: customer-record through dynamodb, lambda, s3 uses one key'),
    });
  });

  it('a data set in one service does not cite Principle 3', () => {
    const plan = planOfData([dataSet('d', { services: ['rds'] })]);
    const entry = plan.trail.find((t) => t.ruleId === 'key-boundaries');
    expect(entry?.because).toBe('d gets its own key (services: rds)');
    expect(kmsKeys(plan)[0]?.principles).not.toContain('P3');
  });

  it('data sets within every bound share one key with the union of services, citing P3', () => {
    const plan = planOfData([
      dataSet('orders', { services: ['s3', 'lambda'] }),
      dataSet('invoices', { services: ['dynamodb'] }),
    ]);
    const keys = kmsKeys(plan);
    expect(keys).toHaveLength(1);
    expect(keys[0]?.dataSets).toEqual(['orders', 'invoices']);
    expect(keys[0]?.services).toEqual(['dynamodb', 'lambda', 's3']);
    expect(keys[0]?.principles).toContain('P3');
    expect(plan.trail).toContainEqual(
      expect.objectContaining({
        ruleId: 'key-boundaries',
        because: expect.stringMatching(/orders, invoices share one key/),
      }),
    );
  });

  it('dev, staging and prod are separate keys', () => {
    const plan = planOf([
      application('app', [dataSet('d')], {
        environments: [
          { stage: 'dev', account: ACCOUNT },
          { stage: 'staging', account: ACCOUNT },
          { stage: 'prod', account: ACCOUNT },
        ],
      }),
    ]);
    const keys = kmsKeys(plan);
    expect(keys.map((k) => k.stage)).toEqual(['dev', 'staging', 'prod']);
    expect(new Set(keys.map((k) => k.alias)).size).toBe(3);
  });

  it('two applications in one account are separate keys', () => {
    const plan = planOf([application('a', [dataSet('d')]), application('b', [dataSet('d')])]);
    expect(kmsKeys(plan).map((k) => k.application)).toEqual(['a', 'b']);
  });

  it('one stage in two accounts or two regions is separate keys', () => {
    const plan = planOf([
      application('app', [dataSet('d')], {
        environments: [
          { stage: 'prod', account: ACCOUNT, regions: ['us-east-1', 'eu-west-1'] },
          { stage: 'dr', account: OTHER_ACCOUNT },
        ],
      }),
    ]);
    expect(kmsKeys(plan).map((k) => `${k.account}/${k.region}`)).toEqual([
      `${ACCOUNT}/us-east-1`,
      `${ACCOUNT}/eu-west-1`,
      `${OTHER_ACCOUNT}/us-east-1`,
    ]);
    expect(kmsKeys(plan).every((k) => k.replicaOf === undefined)).toBe(true);
  });

  it('different classifications are separate keys', () => {
    expect(
      sharing([dataSet('a', { classification: 'public' }), dataSet('b', { classification: 'confidential' })]),
    ).toEqual([['a'], ['b']]);
  });

  it('distinct administrators are distinct keys', () => {
    expect(sharing([dataSet('a'), dataSet('b', { keyAdmins: ['DataKeyAdmins'] })])).toEqual([['a'], ['b']]);
  });

  it('the same administrators given as name and as ARN share a key', () => {
    expect(sharing([dataSet('a'), dataSet('b', { keyAdmins: [role('KeyAdmins')] })])).toEqual([['a', 'b']]);
  });

  it('different key-user sets are separate keys', () => {
    expect(sharing([dataSet('a', { keyUsers: ['Reader'] }), dataSet('b', { keyUsers: ['Reader', 'Writer'] })])).toEqual(
      [['a'], ['b']],
    );
  });

  it('the same key-user set in another order or with duplicates shares a key', () => {
    expect(
      sharing([
        dataSet('a', { keyUsers: ['Reader', 'Writer'] }),
        dataSet('b', { keyUsers: ['Writer', 'Reader', 'Writer'] }),
        dataSet('c', { keyUsers: [role('Writer'), 'Reader'] }),
      ]),
    ).toEqual([['a', 'b', 'c']]);
  });

  it('a second decrypt-governing principal on one data set adds no key', () => {
    const one = planOfData([dataSet('d', { keyUsers: ['Reader'] })]);
    const two = planOfData([dataSet('d', { keyUsers: ['Reader', 'Auditor'] })]);
    expect(two.counts.recommended).toBe(one.counts.recommended);
    expect(kmsKeys(two)).toHaveLength(1);
    expect(kmsKeys(two)[0]?.users).toEqual([role('Auditor'), role('Reader')]);
  });

  it.each([
    ['bring-your-own-key vs KMS-generated', { byok: true }, {}],
    ['different rotation periods', { rotationDays: 180 }, { rotationDays: 365 }],
    ['explicit vs default rotation period', { rotationDays: 90 }, {}],
  ])('%s are separate keys', (_name, needsA, needsB) => {
    expect(sharing([dataSet('a', { needs: needsA }), dataSet('b', { needs: needsB })])).toEqual([['a'], ['b']]);
  });

  it('multi-Region vs not are separate keys where a replica region exists', () => {
    const twoRegions = (data: Raw[]) =>
      kmsKeys(
        planOf([
          application('app', data, {
            environments: [{ stage: 'prod', account: ACCOUNT, regions: ['us-east-1', 'eu-west-1'] }],
          }),
        ]),
      ).filter((k) => k.region === 'us-east-1');
    expect(twoRegions([dataSet('a', { needs: { multiRegion: true } }), dataSet('b')]).map((k) => k.dataSets)).toEqual([
      ['a'],
      ['b'],
    ]);
  });

  it('an explicit rotation period equal to the default shares the key', () => {
    expect(sharing([dataSet('a', { needs: { rotationDays: 365 } }), dataSet('b')])).toEqual([['a', 'b']]);
  });

  it('records one trail entry per customer managed key', () => {
    const { placements } = placementsOfProfile(profileOf([application('app', [dataSet('a'), dataSet('b')])]));
    const typed: TypedPlacement[] = placements.map((p) => ({ ...p, type: 'customer-managed', typeReason: 'test' }));
    const context = new RuleContext();
    const groups = keyBoundariesRule.apply(context, typed);
    expect(groups).toHaveLength(1);
    expect(context.trail).toEqual([
      { ruleId: 'key-boundaries', subject: 'app/prod/a', because: expect.stringContaining('a, b share one key') },
    ]);
  });
});

describe('key-boundaries: the count range', () => {
  it('fewest drops the key-user split; finest is one key per data set per storing service', () => {
    const plan = planOfData([
      dataSet('a', { keyUsers: ['Reader'], services: ['s3', 'lambda', 'dynamodb'] }),
      dataSet('b', { keyUsers: ['Writer'], services: ['rds'] }),
    ]);
    expect(plan.counts).toEqual({ recommended: 2, fewest: 1, finest: 3 });
  });

  it('processing-only services add no key to finest', () => {
    const plan = planOfData([dataSet('a', { services: ['lambda', 'glue', 'athena'] })]);
    expect(plan.counts).toEqual({ recommended: 1, fewest: 1, finest: 1 });
  });

  it('keys the team does not create are not counted', () => {
    const plan = planOfData([dataSet('a', { needs: { control: false, audit: false } })]);
    expect(plan.counts).toEqual({ recommended: 0, fewest: 0, finest: 0 });
    expect(plan.keys).toHaveLength(1);
  });

  it('counts a multi-Region key once per region', () => {
    const plan = planOf([
      application('app', [dataSet('a', { needs: { multiRegion: true }, services: ['s3', 'dynamodb'] })], {
        environments: [{ stage: 'prod', account: ACCOUNT, regions: ['us-east-1', 'us-west-2'] }],
      }),
    ]);
    expect(plan.counts).toEqual({ recommended: 2, fewest: 2, finest: 4 });
  });

  it('countRange only counts customer managed placements', () => {
    const { placements } = placementsOfProfile(profileOf([application('app', [dataSet('a'), dataSet('b')])]));
    const typed: TypedPlacement[] = placements.map((p, i) => ({
      ...p,
      type: i === 0 ? 'customer-managed' : 'aws-managed',
      typeReason: 'test',
    }));
    expect(countRange(typed)).toEqual({ fewest: 1, finest: 1 });
  });
});
