import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { isKmsKeyTeamCreates, type Plan, PlanSchema } from '../../src/core/plan/schema.js';
import { STACK_LIMITS } from '../../src/export/cloudformation.js';
import { exportPlan } from '../../src/export/index.js';
import { cfnLint } from '../support/cfn-lint.js';
import { TOOL_TIMEOUT } from '../support/tool-timeout.js';
import { samplePlan } from './fixtures.js';

interface Template {
  Parameters?: Record<string, unknown>;
  Resources: Record<string, { Type: string; Properties: { AliasName?: string } }>;
  Outputs: Record<string, unknown>;
}

/** The sample plan's first key copied `count` times into one account and region, plus replicas of some. */
function manyKeys(count: number, replicas = 0, policyPadding = 0): Plan {
  const plan = samplePlan();
  const base = plan.keys[0];
  if (base === undefined || base.policy === null) throw new Error('fixture has no keys');
  const padded = Array.from({ length: policyPadding }, (_, i) => `arn:aws:iam::111122223333:role/Reader${i}`);
  const policy = {
    ...base.policy,
    Statement: base.policy.Statement.map((s) =>
      s.Sid === 'KeyUse' && padded.length > 0 ? { ...s, Principal: { AWS: padded } } : s,
    ),
  };
  plan.keys = Array.from({ length: count }, (_, i) => ({
    ...base,
    policy,
    id: `key-${i}`,
    alias: `alias/many/${i}`,
    multiRegion: i < replicas,
  }));
  for (let i = 0; i < replicas; i++) {
    plan.keys.push({
      ...base,
      policy,
      id: `key-${i}-eu`,
      alias: `alias/many/${i}`,
      region: 'eu-west-1',
      multiRegion: true,
      replicaOf: `key-${i}`,
    });
  }
  return PlanSchema.parse(plan);
}

function templatesOf(plan: Plan) {
  return exportPlan(plan, 'cloudformation').map((file) => ({ file, template: parse(file.content) as Template }));
}

describe('CloudFormation stacks within the template quotas (issue 10 item 6)', TOOL_TIMEOUT, () => {
  it('splits 300 keys of one account and region into stacks of at most 500 resources and 200 outputs', () => {
    const plan = manyKeys(300);
    const templates = templatesOf(plan);
    expect(templates.map((t) => t.file.name)).toEqual([
      'kms-111122223333-us-east-1-1.yaml',
      'kms-111122223333-us-east-1-2.yaml',
    ]);
    for (const { template, file } of templates) {
      expect(Object.keys(template.Resources).length).toBeLessThanOrEqual(STACK_LIMITS.resources);
      expect(Object.keys(template.Outputs).length).toBeLessThanOrEqual(STACK_LIMITS.outputs);
      expect(new TextEncoder().encode(file.content).length).toBeLessThanOrEqual(STACK_LIMITS.bytes);
    }
    // Every key in exactly one stack, and each part says which stack it is.
    const aliases = templates.flatMap(({ template }) =>
      Object.values(template.Resources).flatMap((r) => (r.Type === 'AWS::KMS::Alias' ? [r.Properties.AliasName] : [])),
    );
    expect(aliases.sort()).toEqual(
      plan.keys
        .filter(isKmsKeyTeamCreates)
        .map((k) => k.alias)
        .sort(),
    );
    expect(templates[0]?.file.content).toMatch(/^# Part 1 of 2: /m);
    expect(templates[1]?.file.content).toContain('--stack-name keyplan-kms-2 ');
  });

  it('keeps replicas’ parameters within 200 a stack and names the primary’s stack', () => {
    const plan = manyKeys(210, 210);
    const templates = templatesOf(plan).filter(({ file }) => file.name.includes('eu-west-1'));
    expect(templates.length).toBeGreaterThan(1);
    for (const { template } of templates) {
      expect(Object.keys(template.Parameters ?? {}).length).toBeLessThanOrEqual(STACK_LIMITS.parameters);
    }
    expect(templates[0]?.file.content).toMatch(/of the keyplan-kms-1 stack in us-east-1/);
  });

  it('splits by size where large policies would pass 1 MB', () => {
    const templates = templatesOf(manyKeys(40, 0, 600));
    expect(templates.length).toBeGreaterThan(1);
    for (const { file } of templates) {
      expect(new TextEncoder().encode(file.content).length).toBeLessThanOrEqual(STACK_LIMITS.bytes);
    }
  });

  it('cfn-lint accepts every part: no E3010 (resources) or E6010 (outputs)', () => {
    // 201 keys: one over the outputs quota, so the first part sits at the limits (cfn-lint is slow per resource).
    const all = templatesOf(manyKeys(201));
    expect(all).toHaveLength(2);
    const matches = cfnLint(Object.fromEntries(all.map(({ file }, i) => [`${i}-${file.name}`, file.content])));
    expect([...matches.values()].flat()).toEqual([]);
  });
});
