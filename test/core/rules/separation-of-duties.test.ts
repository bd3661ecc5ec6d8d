import { describe, expect, it } from 'vitest';
import { RuleContext } from '../../../src/core/rule.js';
import { separationOfDutiesRule } from '../../../src/core/rules/separation-of-duties.js';
import { application, dataSet, keyOf, planOf, planOfData, role } from '../support.js';

function check(admins: string[], users: string[]) {
  const context = new RuleContext();
  separationOfDutiesRule.apply(context, 'key-1', admins, users);
  return context.findings;
}

describe('separation-of-duties (Principle 4)', () => {
  it.each([
    ['disjoint', [role('KeyAdmins')], [role('App')], []],
    ['one in both', [role('KeyAdmins')], [role('App'), role('KeyAdmins')], [role('KeyAdmins')]],
    ['two in both', [role('A'), role('B')], [role('B'), role('A')], [role('A'), role('B')]],
    ['no users', [role('KeyAdmins')], [], []],
  ])('%s', (_name, admins, users, both) => {
    const findings = check(admins, users);
    expect(findings.map((f) => f.code)).toEqual(both.map(() => 'p4-admin-is-also-user'));
    findings.forEach((f, i) => {
      expect(f).toMatchObject({ severity: 'warning', subject: 'key-1' });
      expect(f.message).toContain(both[i]);
    });
  });

  it('the plan flags a role that administers and uses a key, once per key', () => {
    const plan = planOfData([dataSet('d', { keyUsers: ['App', 'KeyAdmins'] })]);
    const findings = plan.findings.filter((f) => f.code === 'p4-admin-is-also-user');
    expect(findings).toHaveLength(1);
    expect(findings[0]?.subject).toBe(keyOf(plan, 'd').id);
  });

  it('the plan flags the security team under hybrid when it is also a key user', () => {
    const plan = planOf([application('app', [dataSet('d', { keyUsers: ['App', 'SecurityKeyAdmins'] })])], {
      organization: {
        name: 'Org',
        governance: 'hybrid',
        securityTeam: { name: 'sec', keyAdmins: ['SecurityKeyAdmins'] },
      },
    });
    expect(plan.findings.filter((f) => f.code === 'p4-admin-is-also-user').map((f) => f.message)).toEqual([
      expect.stringContaining(role('SecurityKeyAdmins')),
    ]);
  });

  it('separate administrators and users make no finding; AWS managed keys are not checked', () => {
    const plan = planOfData([
      dataSet('a'),
      dataSet('b', { classification: 'public', keyUsers: ['KeyAdmins'], needs: { control: false, audit: true } }),
    ]);
    expect(plan.findings.map((f) => f.code)).not.toContain('p4-admin-is-also-user');
  });
});
