import { describe, expect, it } from 'vitest';
import { RuleContext } from '../../../src/core/rule.js';
import { keyUsersRule } from '../../../src/core/rules/key-users.js';
import {
  ACCOUNT,
  application,
  dataSet,
  placementsOfProfile,
  planOf,
  planOfData,
  profileOf,
  type Raw,
} from '../support.js';

function check(extra: Raw) {
  const { placements } = placementsOfProfile(profileOf([application('app', [dataSet('d', extra)])]));
  const context = new RuleContext();
  keyUsersRule.apply(context, placements[0] as NonNullable<(typeof placements)[0]>);
  return context.findings;
}

describe('key-users', () => {
  it('a key without users is a warning naming the data set', () => {
    expect(check({ keyUsers: [] })).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'no-key-users', subject: 'app/prod/d' }),
    ]);
  });

  it.each([[['App']], [['App', 'Other']], [['arn:aws:iam::111122223333:user/alice']]])(
    'users %j: no finding',
    (keyUsers) => {
      expect(check({ keyUsers })).toEqual([]);
    },
  );

  it('the plan checks customer managed keys only', () => {
    const plan = planOfData([
      dataSet('a', { keyUsers: [] }),
      dataSet('b', { classification: 'public', keyUsers: [], needs: { control: false, audit: true } }),
      dataSet('c', { classification: 'internal', keyUsers: [], needs: { control: false, audit: false } }),
    ]);
    expect(plan.findings.filter((f) => f.code === 'no-key-users').map((f) => f.subject)).toEqual(['app/prod/a']);
  });

  it('one finding per region of a data set without users', () => {
    const plan = planOf([
      application('app', [dataSet('a', { keyUsers: [] })], {
        environments: [{ stage: 'prod', account: ACCOUNT, regions: ['us-east-1', 'eu-west-1'] }],
      }),
    ]);
    expect(plan.findings.filter((f) => f.code === 'no-key-users').map((f) => f.subject)).toEqual([
      'app/prod/a@us-east-1',
      'app/prod/a@eu-west-1',
    ]);
  });

  it('a topic or queue fed only by AWS services needs no key users of its own', () => {
    const plan = planOfData([dataSet('alarms', { services: ['sns'], keyUsers: [], publishers: ['cloudwatch'] })]);
    expect(plan.findings.map((f) => f.code)).not.toContain('no-key-users');
  });
});
