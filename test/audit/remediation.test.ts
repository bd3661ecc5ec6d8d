import { describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../../src/audit/checks/index.js';
import { DRIFT_RULES } from '../../src/audit/drift/index.js';
import { missingKeyRemediation, unexplainedKeyRemediation } from '../../src/audit/drift/presence.js';
import { ACCOUNT, CONTEXT, key, plannedKey, REGION } from './fixtures.js';
import { isValidHcl } from './hcl.js';

const subjects = [
  key(),
  key({ aliases: [] }),
  key({
    tags: {},
    facts: { multiRegion: true, multiRegionRole: 'REPLICA', primaryArn: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/mrk-1` },
  }),
];

describe('remediation snippets', () => {
  it('the parser rejects broken HCL (so the checks below can fail)', () => {
    expect(isValidHcl('resource "aws_kms_key" "x" {\n  enable_key_rotation = true\n')).toBe(false);
  });

  for (const check of ALL_CHECKS) {
    it(`${check.id}: Terraform parses as HCL2 and the CLI names the key`, () => {
      for (const subject of subjects) {
        const { cli, terraform } = check.remediation(subject, CONTEXT);
        expect(isValidHcl(terraform), terraform).toBe(true);
        expect(cli).toMatch(/^aws (kms|iam) /m);
        expect(`${cli}\n${terraform}`).toContain(subject.keyId);
      }
    });
  }

  for (const rule of DRIFT_RULES) {
    it(`${rule.id}: Terraform parses as HCL2`, () => {
      const { terraform } = rule.remediation(key(), plannedKey(), { region: REGION, account: ACCOUNT });
      expect(isValidHcl(terraform), terraform).toBe(true);
    });
  }

  it('missing and unexplained keys: Terraform parses, CLI creates or retires', () => {
    const context = { region: REGION, account: ACCOUNT };
    for (const planned of [
      plannedKey(),
      plannedKey({ type: 'customer-managed-imported', multiRegion: true }),
      plannedKey({ replicaOf: 'orders-primary' }),
    ]) {
      const { cli, terraform } = missingKeyRemediation(planned, context);
      expect(isValidHcl(terraform), terraform).toBe(true);
      expect(cli).toMatch(/aws kms (create-key|replicate-key)/);
      expect(cli).toContain('alias/orders/prod/confidential');
    }
    expect(missingKeyRemediation(plannedKey({ type: 'customer-managed-imported' }), context).cli).toContain(
      '--origin EXTERNAL',
    );
    const retire = unexplainedKeyRemediation(key(), context);
    expect(isValidHcl(retire.terraform)).toBe(true);
    expect(retire.cli).toContain('schedule-key-deletion');
  });
});
