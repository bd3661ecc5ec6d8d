import { describe, expect, it } from 'vitest';
import { KEY_POLICY_MAX_BYTES, KEY_USER_TAG, policyBytes } from '../../../src/core/rules/policy-size.js';
import { ACCOUNT, actionsOf, dataSet, kmsKeys, planOfData, principalsOf, role, statement } from '../support.js';

const users = (count: number) => Array.from({ length: count }, (_, i) => `ReaderRole${String(i).padStart(4, '0')}`);

describe('policy-size: key policies stay within KMS’s 32 KB (issue 10 item 6)', () => {
  it('leaves a policy that fits as it is', () => {
    const [key] = kmsKeys(planOfData([dataSet('d', { services: ['rds'], keyUsers: users(50) })]));
    expect(principalsOf(statement(key?.policy ?? null, 'AllowKeyUse'))).toHaveLength(50);
  });

  it('groups 1,000 key users by principal tag, keeps them named in the plan and says what it did', () => {
    const plan = planOfData([dataSet('d', { services: ['rds'], keyUsers: users(1000) })]);
    const [key] = kmsKeys(plan);
    if (!key?.policy) throw new Error('no policy');
    expect(policyBytes(key.policy)).toBeLessThanOrEqual(KEY_POLICY_MAX_BYTES);
    expect(key.users).toHaveLength(1000);
    for (const sid of ['AllowKeyUse', 'AllowGrantsForAWSResources']) {
      const s = statement(key.policy, sid);
      expect(principalsOf(s)).toEqual([`arn:aws:iam::${ACCOUNT}:root`]);
      expect(s?.Condition?.StringEquals?.[`aws:PrincipalTag/${KEY_USER_TAG}`]).toBe(key.alias);
    }
    // The service scoping and the grant limit are kept beside the tag condition.
    expect(statement(key.policy, 'AllowKeyUse')?.Condition?.StringEquals?.['kms:ViaService']).toEqual([
      'rds.us-east-1.amazonaws.com',
    ]);
    expect(statement(key.policy, 'AllowGrantsForAWSResources')?.Condition?.Bool).toEqual({
      'kms:GrantIsForAWSResource': 'true',
    });
    expect(actionsOf(statement(key.policy, 'AllowKeyAdministration'))).not.toContain('kms:Decrypt');
    const finding = plan.findings.find((f) => f.code === 'key-policy-users-grouped');
    expect(finding?.severity).toBe('warning');
    expect(finding?.message).toContain(`${KEY_USER_TAG}=${key.alias}`);
    expect(finding?.message).toMatch(/1000 key users/);
  });

  it('is an error finding when even grouped users leave the policy too large', () => {
    const admins = Array.from({ length: 700 }, (_, i) => role(`AdminRole${String(i).padStart(4, '0')}`));
    const plan = planOfData([dataSet('d', { keyAdmins: admins, keyUsers: users(10) })]);
    const finding = plan.findings.find((f) => f.code === 'key-policy-too-large');
    expect(finding?.severity).toBe('error');
    expect(finding?.message).toMatch(/fewer administrators/);
  });
});
