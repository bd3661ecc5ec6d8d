import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recommend } from '../../src/core/index.js';
import { exportPlan } from '../../src/export/index.js';
import { profileArb } from '../core/profile-arbitrary.js';
import { cfnLint } from '../support/cfn-lint.js';
import { terraformValidate } from '../support/terraform.js';
import { TOOL_TIMEOUT } from '../support/tool-timeout.js';

/**
 * Generated profiles (the core's property-test generator: collisions, several accounts, partitions,
 * BYOK, multi-Region, publishers, CloudFront, Auto Scaling) exported and checked by the real tools.
 * terraform validate pays about a third of a second per provider block and cfn-lint per resource, so
 * a fixed-seed sample of profiles with keys in at most two accounts and regions keeps each tool to
 * one run of seconds.
 */
const SAMPLE = 10;
const MAX_PROVIDERS = 2;

describe('exports of generated profiles pass terraform validate and cfn-lint', TOOL_TIMEOUT, () => {
  const plans = fc
    .sample(profileArb, { numRuns: 150, seed: 1 })
    .map(({ profile }) => recommend(profile))
    .filter((plan) => {
      const scopes = new Set(plan.keys.filter((k) => k.policy !== null).map((k) => `${k.account}/${k.region}`));
      return scopes.size > 0 && scopes.size <= MAX_PROVIDERS;
    })
    .slice(0, SAMPLE);

  it('samples enough profiles, with the features that reach the key policies', () => {
    expect(plans).toHaveLength(SAMPLE);
    const text = JSON.stringify(plans);
    const features = [
      'customer-managed-imported',
      '"replicaOf"',
      'AllowServiceCloudwatchLogs',
      'AllowCentralSecurityPolicyAndDeletion',
      'AllowPublishersToEncryptedTopicsAndQueues',
      'AllowCloudFrontOriginAccessControl',
      'AllowAutoScalingServiceLinkedRoleUse',
      'arn:aws-cn:',
      'arn:aws-us-gov:',
    ];
    expect(features.filter((feature) => !text.includes(feature))).toEqual([]);
  });

  it('terraform validate accepts every Terraform export', () => {
    const exports = Object.fromEntries(
      plans.map((plan, i) => [`profile-${i}`, (exportPlan(plan, 'terraform')[0] as { content: string }).content]),
    );
    expect([...terraformValidate(exports).values()].flat()).toEqual([]);
  });

  it('cfn-lint finds nothing in any CloudFormation template', () => {
    const templates: Record<string, string> = {};
    plans.forEach((plan, i) => {
      for (const file of exportPlan(plan, 'cloudformation')) templates[`profile-${i}/${file.name}`] = file.content;
    });
    expect(Object.keys(templates).length).toBeGreaterThanOrEqual(SAMPLE);
    expect([...cfnLint(templates).values()].flat()).toEqual([]);
  });
});
