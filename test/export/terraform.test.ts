import { describe, expect, it } from 'vitest';
import { KeyplanError } from '../../src/core/errors.js';
import { type Plan, type PlannedKey, PlanSchema } from '../../src/core/plan/schema.js';
import { exportPlanText } from '../../src/export/index.js';
import { terraformName } from '../../src/export/terraform.js';
import { HOSTILE, hostilePlan, PAYMENTS, RETAIL, samplePlan } from './fixtures.js';
import { jsonencodeArgument, parseHcl } from './hcl-parse.js';

type Body = Record<string, unknown>;

/** Terraform parsed by hcl2-parser: every block body is a one-element list (hcl2json's shape). */
function parseTerraform(plan: Plan): { resources: Record<string, Record<string, Body>>; providers: Body[] } {
  const parsed = parseHcl(exportPlanText(PlanSchema.parse(plan), 'terraform'));
  const resources: Record<string, Record<string, Body>> = {};
  for (const [type, byName] of Object.entries((parsed.resource ?? {}) as Record<string, Record<string, Body[]>>)) {
    resources[type] = {};
    for (const [name, bodies] of Object.entries(byName)) {
      expect(bodies).toHaveLength(1);
      resources[type][name] = bodies[0] as Body;
    }
  }
  const providers = ((parsed.provider ?? {}) as Record<string, Body[]>).aws ?? [];
  return { resources, providers };
}

function count(resources: Record<string, Record<string, Body>>, type: string): number {
  return Object.keys(resources[type] ?? {}).length;
}

function keyResources(resources: Record<string, Record<string, Body>>): [string, string, Body][] {
  const types = ['aws_kms_key', 'aws_kms_external_key', 'aws_kms_replica_key', 'aws_kms_replica_external_key'];
  return types.flatMap((type) =>
    Object.entries(resources[type] ?? {}).map(([name, body]): [string, string, Body] => [type, name, body]),
  );
}

function planKey(plan: Plan, id: string): PlannedKey {
  const found = plan.keys.find((key) => key.id === id);
  if (found === undefined) throw new Error(`no key ${id} in the fixture`);
  return found;
}

/** The plan key a resource was named after. */
function keyNamed(plan: Plan, name: string): PlannedKey {
  const found = plan.keys.find((key) => terraformName(key.id) === name);
  if (found === undefined) throw new Error(`no key is named ${name}`);
  return found;
}

describe('terraform export', () => {
  const plan = samplePlan();
  const { resources, providers } = parseTerraform(plan);

  it('creates one resource per customer managed key, of the right kind, and none for the AWS managed one', () => {
    expect(count(resources, 'aws_kms_key')).toBe(2);
    expect(count(resources, 'aws_kms_external_key')).toBe(1);
    expect(count(resources, 'aws_kms_replica_key')).toBe(1);
    expect(count(resources, 'aws_kms_alias')).toBe(4);
    const aliasNames = Object.values(resources.aws_kms_alias ?? {}).map((alias) => alias.name);
    expect(aliasNames).not.toContain('alias/aws/s3');
  });

  it('declares one aws provider alias per account and region, pinned to its account', () => {
    expect(providers.map((p) => [p.alias, p.region, p.allowed_account_ids])).toEqual([
      ['a111122223333_us_east_1', 'us-east-1', [RETAIL]],
      ['a444455556666_eu_west_1', 'eu-west-1', [PAYMENTS]],
      ['a444455556666_us_east_1', 'us-east-1', [PAYMENTS]],
    ]);
  });

  it('puts every key and alias on the provider of its account and region', () => {
    const providerOf = (key: PlannedKey) => `\${aws.a${key.account}_${key.region.replaceAll('-', '_')}}`;
    expect(keyResources(resources)).toHaveLength(4);
    for (const [, name, body] of keyResources(resources)) {
      const key = keyNamed(plan, name);
      expect(body.provider).toBe(providerOf(key));
      expect(resources.aws_kms_alias?.[name]?.provider).toBe(providerOf(key));
    }
  });

  it('writes rotation, deletion window and multi-Region settings from the plan', () => {
    const storefront = resources.aws_kms_key?.storefront_prod_confidential;
    expect(storefront).toMatchObject({
      enable_key_rotation: true,
      rotation_period_in_days: 365,
      deletion_window_in_days: 30,
      customer_master_key_spec: 'SYMMETRIC_DEFAULT',
    });
    expect(storefront).not.toHaveProperty('multi_region');
    expect(resources.aws_kms_key?.orders_prod_confidential).toMatchObject({
      multi_region: true,
      enable_key_rotation: true,
      rotation_period_in_days: 180,
    });
  });

  it('gives an imported key no rotation arguments', () => {
    const imported = resources.aws_kms_external_key?.payments_prod_restricted;
    expect(imported).toMatchObject({ deletion_window_in_days: 30 });
    expect(imported).not.toHaveProperty('enable_key_rotation');
    expect(imported).not.toHaveProperty('rotation_period_in_days');
    expect(imported).not.toHaveProperty('key_material_base64');
  });

  it('creates a replica from its primary’s ARN in the replica’s region', () => {
    const replica = resources.aws_kms_replica_key?.orders_prod_confidential_eu_west_1;
    expect(replica?.primary_key_arn).toBe(`\${aws_kms_key.orders_prod_confidential.arn}`);
    expect(replica?.provider).toBe(`\${aws.a444455556666_eu_west_1}`);
    expect(replica).not.toHaveProperty('enable_key_rotation');
    expect(replica).not.toHaveProperty('multi_region');
  });

  it('points each alias at its own key', () => {
    for (const [type, name] of keyResources(resources)) {
      expect(resources.aws_kms_alias?.[name]?.target_key_id).toBe(`\${${type}.${name}.id}`);
    }
    expect(resources.aws_kms_alias?.payments_prod_restricted?.name).toBe('alias/payments/prod/restricted');
  });

  it('writes each key policy so that jsonencode gives back the plan’s policy, statement for statement', () => {
    for (const [, name, body] of keyResources(resources)) {
      const policy = jsonencodeArgument(body.policy) as { Statement: { Sid: string }[] };
      expect(policy).toEqual(keyNamed(plan, name).policy);
      expect(policy.Statement.map((s) => s.Sid)).toContain('KeyUse');
    }
  });

  it('tags every key with the plan’s tags', () => {
    for (const [, name, body] of keyResources(resources)) {
      expect(body.tags).toEqual(keyNamed(plan, name).tags);
      expect(body.tags).toMatchObject({ ManagedBy: 'keyplan' });
    }
  });

  it('keeps hostile plan text literal: no interpolation, no directive, no line leaking out of a comment', () => {
    const hostile = hostilePlan();
    const parsed = parseTerraform(hostile);
    expect(Object.keys(parseHcl(exportPlanText(hostile, 'terraform'))).sort()).toEqual([
      'provider',
      'resource',
      'terraform',
    ]);
    const storefront = parsed.resources.aws_kms_key?.storefront_prod_confidential;
    expect(storefront?.tags).toMatchObject({ Note: HOSTILE, 'odd key': HOSTILE });
    expect(storefront?.description).toContain(HOSTILE);
    expect(jsonencodeArgument(storefront?.policy)).toEqual(planKey(hostile, 'storefront-prod-confidential').policy);
  });

  it('writes an imported multi-Region replica as aws_kms_replica_external_key', () => {
    const imported = samplePlan();
    imported.keys = imported.keys.map((key) =>
      key.application === 'orders' ? { ...key, type: 'customer-managed-imported' as const } : key,
    );
    const parsed = parseTerraform(imported);
    expect(count(parsed.resources, 'aws_kms_external_key')).toBe(2);
    expect(parsed.resources.aws_kms_external_key?.orders_prod_confidential?.multi_region).toBe(true);
    expect(parsed.resources.aws_kms_replica_external_key?.orders_prod_confidential_eu_west_1?.primary_key_arn).toBe(
      `\${aws_kms_external_key.orders_prod_confidential.arn}`,
    );
  });
});

describe('terraform names', () => {
  it('derives valid identifiers from any key id', () => {
    expect(terraformName('storefront-prod-confidential')).toBe('storefront_prod_confidential');
    expect(terraformName('9lives.prod')).toBe('key_9lives_prod');
    expect(terraformName('---')).toBe('key');
  });

  it('keeps resource names unique when ids sanitise to the same text', () => {
    const plan = samplePlan();
    const base = plan.keys[0] as PlannedKey;
    plan.keys = ['a-b', 'a_b', 'A.B'].map((id, i) => ({ ...base, id, alias: `alias/x/${i}` }));
    const { resources } = parseTerraform(plan);
    expect(Object.keys(resources.aws_kms_key ?? {}).sort()).toEqual(['a_b', 'a_b_2', 'a_b_3']);
    expect(count(resources, 'aws_kms_alias')).toBe(3);
  });
});

describe('terraform export of an inconsistent plan', () => {
  function expectPlanInvalid(plan: Plan, path: RegExp): void {
    try {
      exportPlanText(plan, 'terraform');
    } catch (error) {
      expect(error).toBeInstanceOf(KeyplanError);
      const keyplanError = error as KeyplanError;
      expect(keyplanError.code).toBe('PLAN_INVALID');
      expect(keyplanError.issues.map((issue) => issue.path).join(' ')).toMatch(path);
      return;
    }
    throw new Error('expected PLAN_INVALID');
  }

  it('refuses a replica whose primary is missing or in the same region', () => {
    const missing = samplePlan();
    missing.keys = missing.keys.filter((key) => key.id !== 'orders-prod-confidential');
    expectPlanInvalid(missing, /keys\[3\]\.replicaOf/);
    const sameRegion = samplePlan();
    sameRegion.keys = sameRegion.keys.map((key) => ({ ...key, region: 'us-east-1' }));
    expectPlanInvalid(sameRegion, /replicaOf/);
  });

  it('refuses a customer managed key without a policy, and an alias used twice in one account and region', () => {
    const noPolicy = samplePlan();
    noPolicy.keys = noPolicy.keys.map((key, i) => (i === 0 ? { ...key, policy: null } : key));
    expectPlanInvalid(noPolicy, /keys\[0\]\.policy/);
    const twice = samplePlan();
    twice.keys = twice.keys.map((key, i) => (i === 1 ? { ...key, alias: 'alias/storefront/prod/confidential' } : key));
    expectPlanInvalid(twice, /keys\[1\]\.alias/);
  });
});
