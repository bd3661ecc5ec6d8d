import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type Plan, PlanSchema } from '../../src/core/plan/schema.js';
import { parseProfile } from '../../src/core/profile/validate.js';
import { recommend } from '../../src/core/recommend.js';
import { exportPlan } from '../../src/export/index.js';
import { cfnLint } from '../support/cfn-lint.js';
import { terraformValidate } from '../support/terraform.js';
import { TOOL_TIMEOUT } from '../support/tool-timeout.js';

/** Every example and golden profile, exported and checked by the tools that will deploy it. */
const FOLDERS = [new URL('../../examples/', import.meta.url), new URL('../fixtures/golden/', import.meta.url)];

const profiles = FOLDERS.flatMap((folder) =>
  readdirSync(folder)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => ({ name, url: new URL(name, folder) })),
);

function planOf(url: URL): Plan {
  return PlanSchema.parse(recommend(parseProfile(parse(readFileSync(url, 'utf8')))));
}

describe('the exports of every example and golden profile pass the real tools', TOOL_TIMEOUT, () => {
  const plans = new Map(profiles.map(({ name, url }) => [name, planOf(url)]));
  // A key with 1,000 users: its policy is grouped by principal tag to stay within 32 KB.
  plans.set(
    'thousand-key-users',
    recommend(
      parseProfile({
        organization: { name: 'Crowd' },
        applications: [
          {
            name: 'lake',
            team: 'data',
            keyAdmins: ['KeyAdmins'],
            environments: [{ stage: 'prod', account: '111122223333' }],
            data: [
              {
                name: 'events',
                classification: 'internal',
                services: ['s3', 'ebs'],
                keyUsers: Array.from({ length: 1000 }, (_, i) => `Reader${i}`),
              },
            ],
          },
        ],
      }),
    ),
  );

  it('finds the profiles', () => {
    expect(profiles.length).toBeGreaterThanOrEqual(4);
  });

  it('terraform validate accepts every Terraform export', () => {
    const exports: Record<string, string> = {};
    for (const [name, plan] of plans) exports[name] = (exportPlan(plan, 'terraform')[0] as { content: string }).content;
    const diagnostics = terraformValidate(exports);
    expect([...diagnostics.values()].flat()).toEqual([]);
  });

  it('cfn-lint finds nothing in any CloudFormation template', () => {
    const templates: Record<string, string> = {};
    for (const [name, plan] of plans) {
      for (const file of exportPlan(plan, 'cloudformation')) templates[`${name}/${file.name}`] = file.content;
    }
    expect(Object.keys(templates).length).toBeGreaterThanOrEqual(profiles.length);
    const matches = cfnLint(templates);
    expect([...matches.values()].flat()).toEqual([]);
  });
});
