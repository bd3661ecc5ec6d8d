import { describe, expect, it } from 'vitest';
import { PlanSchema } from '../../src/core/plan/schema.js';
import { EXPORT_FORMATS, exportPlan, exportPlanText, isExportFormat } from '../../src/export/index.js';
import { hostilePlan, samplePlan } from './fixtures.js';

describe('fixtures', () => {
  it('satisfy the plan contract', () => {
    expect(PlanSchema.parse(samplePlan())).toEqual(samplePlan());
    expect(PlanSchema.parse(hostilePlan())).toEqual(hostilePlan());
  });
});

describe('exportPlan', () => {
  it('offers the four formats', () => {
    expect([...EXPORT_FORMATS]).toEqual(['markdown', 'json', 'terraform', 'cloudformation']);
    expect(isExportFormat('terraform')).toBe(true);
    expect(isExportFormat('pulumi')).toBe(false);
  });

  it('suggests one file per format, except one template per account and region for cloudformation', () => {
    const names = Object.fromEntries(
      EXPORT_FORMATS.map((format) => [format, exportPlan(samplePlan(), format).map((f) => f.name)]),
    );
    expect(names).toEqual({
      markdown: ['keyplan.md'],
      json: ['keyplan.json'],
      terraform: ['keyplan.tf'],
      cloudformation: [
        'kms-111122223333-us-east-1.yaml',
        'kms-444455556666-eu-west-1.yaml',
        'kms-444455556666-us-east-1.yaml',
      ],
    });
  });

  it('writes JSON that reads back as the same plan', () => {
    const plan = samplePlan();
    const [file] = exportPlan(plan, 'json');
    expect(file?.content).toBe(`${JSON.stringify(plan, null, 2)}\n`);
    expect(PlanSchema.parse(JSON.parse(file?.content ?? ''))).toEqual(plan);
  });

  it('is deterministic and leaves the plan untouched', () => {
    for (const format of EXPORT_FORMATS) {
      const plan = samplePlan();
      const first = exportPlan(plan, format);
      expect(plan).toEqual(samplePlan());
      expect(exportPlan(samplePlan(), format)).toEqual(first);
    }
  });

  it('ends every file with a newline', () => {
    for (const format of EXPORT_FORMATS) {
      for (const file of exportPlan(hostilePlan(), format)) expect(file.content.endsWith('\n')).toBe(true);
    }
  });
});

describe('exportPlanText', () => {
  it('is the single file for one-file formats', () => {
    for (const format of ['markdown', 'json', 'terraform'] as const) {
      expect(exportPlanText(samplePlan(), format)).toBe(exportPlan(samplePlan(), format)[0]?.content);
    }
  });

  it('joins cloudformation templates into a YAML stream separated by ---', () => {
    const files = exportPlan(samplePlan(), 'cloudformation');
    const text = exportPlanText(samplePlan(), 'cloudformation');
    expect(text.split(/^---$/m)).toHaveLength(files.length);
    expect(text).toBe(files.map((file) => file.content).join('---\n'));
  });
});
