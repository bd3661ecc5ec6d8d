import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { parseProfile, recommend } from '../../src/core/index.js';
import { exportPlanText } from '../../src/export/index.js';

/** The profile's deletion waiting period travels through the plan into both infrastructure exports. */
describe('deletion window', () => {
  const profile = parse(readFileSync('examples/retail.yaml', 'utf8')) as { defaults: { deletionWindowDays: number } };
  profile.defaults.deletionWindowDays = 7;
  const plan = recommend(parseProfile(profile));

  it('is carried on every customer managed key of the plan', () => {
    expect(plan.keys.map((k) => k.deletionWindowDays)).toEqual([7, 7]);
  });

  it('reaches Terraform and CloudFormation', () => {
    const terraform = exportPlanText(plan, 'terraform');
    expect(terraform.match(/deletion_window_in_days\s*=\s*7\b/g)).toHaveLength(2);
    const template = parseAllDocuments(exportPlanText(plan, 'cloudformation'))[0]?.toJS() as {
      Resources: Record<string, { Type: string; Properties: { PendingWindowInDays?: number } }>;
    };
    const keys = Object.values(template.Resources).filter((r) => r.Type === 'AWS::KMS::Key');
    expect(keys.map((k) => k.Properties.PendingWindowInDays)).toEqual([7, 7]);
  });
});
