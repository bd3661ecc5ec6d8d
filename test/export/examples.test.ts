import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { isKmsKeyTeamCreates, type Plan, PlanSchema } from '../../src/core/plan/schema.js';
import { parseProfile } from '../../src/core/profile/validate.js';
import { recommend } from '../../src/core/recommend.js';
import { exportPlan, exportPlanText } from '../../src/export/index.js';
import { jsonencodeArgument, parseHcl } from './hcl-parse.js';

const examplesDir = new URL('../../examples/', import.meta.url);
const examples = readdirSync(examplesDir)
  .filter((name) => name.endsWith('.yaml'))
  .sort();

function planOf(name: string): Plan {
  const profile = parseProfile(parse(readFileSync(new URL(name, examplesDir), 'utf8')));
  return PlanSchema.parse(recommend(profile));
}

type Blocks = Record<string, Record<string, Record<string, unknown>[]>>;

describe('exports of the example profiles’ plans', () => {
  it('finds the examples', () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  for (const name of examples) {
    describe(name, () => {
      const plan = planOf(name);
      const created = plan.keys.filter(isKmsKeyTeamCreates);

      it('parses as Terraform with one key and one alias per customer managed key, policies intact', () => {
        const resources = (parseHcl(exportPlanText(plan, 'terraform')).resource ?? {}) as Blocks;
        const keyTypes = ['aws_kms_key', 'aws_kms_external_key', 'aws_kms_replica_key', 'aws_kms_replica_external_key'];
        const keys = keyTypes.flatMap((type) => Object.values(resources[type] ?? {}).map((bodies) => bodies[0]));
        expect(keys).toHaveLength(created.length);
        expect(Object.keys(resources.aws_kms_alias ?? {})).toHaveLength(created.length);
        const policies = keys.map((body) => jsonencodeArgument(body?.policy));
        for (const key of created) expect(policies).toContainEqual(key.policy);
      });

      it('parses as CloudFormation with one key and one alias per customer managed key', () => {
        const docs = parseAllDocuments(exportPlanText(plan, 'cloudformation'));
        if (!Array.isArray(docs)) throw new Error('expected a YAML stream');
        expect(docs).toHaveLength(exportPlan(plan, 'cloudformation').length);
        const types = docs.flatMap((doc) => {
          expect(doc.errors).toEqual([]);
          const template = doc.toJS() as { Resources: Record<string, { Type: string }> };
          return Object.values(template.Resources).map((resource) => resource.Type);
        });
        const keyCount = types.filter((t) => t === 'AWS::KMS::Key' || t === 'AWS::KMS::ReplicaKey').length;
        expect(keyCount).toBe(created.length);
        expect(types.filter((t) => t === 'AWS::KMS::Alias')).toHaveLength(created.length);
      });

      it('answers how many keys in the Markdown report', () => {
        const md = exportPlanText(plan, 'markdown');
        expect(md).toContain(`**${plan.counts.recommended} customer managed key`);
        for (const key of created) expect(md).toContain(`\`${key.alias}\``);
      });
    });
  }
});
