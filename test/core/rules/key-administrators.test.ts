import { describe, expect, it } from 'vitest';
import type { GovernanceModel } from '../../../src/core/index.js';
import { application, dataSet, keyOf, planOf, role } from '../support.js';

const SECURITY_TEAM = { name: 'sec', keyAdmins: ['SecurityKeyAdmins'] };

function adminsUnder(model: GovernanceModel, securityTeam: unknown, data = dataSet('d')) {
  const plan = planOf([application('app', [data])], {
    organization: { name: 'Org', governance: model, ...(securityTeam ? { securityTeam } : {}) },
  });
  return keyOf(plan, 'd').admins;
}

describe('key-administrators by governance model', () => {
  it.each([
    ['decentralized', SECURITY_TEAM, [role('KeyAdmins')]],
    ['centralized', SECURITY_TEAM, [role('SecurityKeyAdmins')]],
    ['centralized', undefined, [role('KeyAdmins')]],
    ['hybrid', SECURITY_TEAM, [role('KeyAdmins'), role('SecurityKeyAdmins')]],
    ['hybrid', undefined, [role('KeyAdmins')]],
  ] as const)('%s (security team: %j) → %j', (model, team, admins) => {
    expect(adminsUnder(model, team)).toEqual(admins);
  });

  it('a data set’s keyAdmins override the application’s', () => {
    expect(adminsUnder('decentralized', undefined, dataSet('d', { keyAdmins: ['DataKeyAdmins'] }))).toEqual([
      role('DataKeyAdmins'),
    ]);
  });

  it('role names expand per account; full ARNs pass through; the set is sorted and without duplicates', () => {
    const other = 'arn:aws:iam::999988887777:role/Central';
    expect(
      adminsUnder('decentralized', undefined, dataSet('d', { keyAdmins: [other, 'Local', role('Local')] })),
    ).toEqual([role('Local'), other]);
  });
});

describe('key-administrators: one role in both roles under hybrid', () => {
  it('is listed once among the key’s administrators', () => {
    const plan = planOf([application('app', [dataSet('d')])], {
      organization: { name: 'Org', governance: 'hybrid', securityTeam: { name: 'sec', keyAdmins: ['KeyAdmins'] } },
    });
    expect(keyOf(plan, 'd').admins).toEqual([role('KeyAdmins')]);
  });
});
