import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Plan } from '../../src/core/plan/schema.js';
import { exportPlan } from '../../src/export/index.js';
import { renderYaml, yamlComment, yamlString } from '../../src/export/yaml.js';
import { cfnLint, cfnLintDecode } from '../support/cfn-lint.js';
import { TOOL_TIMEOUT } from '../support/tool-timeout.js';
import { samplePlan } from './fixtures.js';
import { fullUnicodeString } from './unicode.js';

/** Names that tried to break out of the CloudFormation header comment or the stream (issue 10). */
const INJECTIONS = [
  'Acme\u0085Transform: {Name: "AWS::Include", Parameters: {Location: "s3://evil/x.yaml"}}\u0085#',
  'Acme\u2028Transform: AWS::Serverless-2016-10-31\u2029#',
  'Acme\r\nTransform: AWS::Serverless-2016-10-31\r#',
  'Acme\vTransform: x',
  'Acme\fTransform: x',
  'Acme\u0000Transform: x',
  'Acme\u001b[31mred',
  'Acme\ufeff\ufffe\uffff',
  'Acme\u007f\u0080\u009f',
  'Acme" ] } # \\',
];

function planNamed(organization: string): Plan {
  const plan = samplePlan();
  plan.organization = organization;
  plan.keys = plan.keys.map((key) => ({ ...key, tags: { ...key.tags, Owner: organization } }));
  return plan;
}

const TOP_LEVEL = ['AWSTemplateFormatVersion', 'Description', 'Parameters', 'Conditions', 'Resources', 'Outputs'];

describe('CloudFormation header and values hold hostile names', TOOL_TIMEOUT, () => {
  const templates: Record<string, string> = {};
  INJECTIONS.forEach((name, i) => {
    // The first template of each plan carries the header, the imported key and the tags (cfn-lint is slow).
    const [file] = exportPlan(planNamed(name), 'cloudformation');
    if (file) templates[`${i}/${file.name}`] = file.content;
  });

  it('no name adds a top-level key or breaks the YAML, for the yaml package in 1.1 and 1.2', () => {
    for (const [name, text] of Object.entries(templates)) {
      for (const version of ['1.1', '1.2'] as const) {
        const template = parse(text, { version }) as Record<string, unknown>;
        expect(
          Object.keys(template).filter((key) => !TOP_LEVEL.includes(key)),
          name,
        ).toEqual([]);
      }
    }
  });

  it('cfn-lint’s own decoder reads the same keys and the name back exactly, and cfn-lint finds nothing', () => {
    const names = Object.keys(templates);
    const decoded = cfnLintDecode(names.map((name) => templates[name] as string));
    decoded.forEach((result, i) => {
      expect(result.errors, names[i]).toEqual([]);
      const template = result.template as { Resources: Record<string, { Properties: { Tags?: unknown } }> };
      expect(
        Object.keys(template).filter((key) => !TOP_LEVEL.includes(key)),
        names[i],
      ).toEqual([]);
      const organization = INJECTIONS[Number(names[i]?.split('/')[0])];
      const tagged = Object.values(template.Resources).filter((r) => r.Properties.Tags !== undefined);
      for (const resource of tagged)
        expect(resource.Properties.Tags).toContainEqual({ Key: 'Owner', Value: organization });
    });
    expect([...cfnLint(templates).values()].flat()).toEqual([]);
  });
});

describe('yamlString: one double-quoted scalar, exactly the input', TOOL_TIMEOUT, () => {
  it('parses back to exactly the input with the yaml package, in YAML 1.1 and 1.2, on one line', () => {
    fc.assert(
      fc.property(fullUnicodeString(), (value) => {
        const text = `v: ${yamlString(value)}\n`;
        expect(text.split(/\r\n|\r|\n|\u0085|\u2028|\u2029/)).toHaveLength(2);
        expect(parse(text, { version: '1.1' })).toEqual({ v: value });
        expect(parse(text, { version: '1.2' })).toEqual({ v: value });
      }),
      { numRuns: 2000 },
    );
  });

  it('parses back to exactly the input with cfn-lint’s decoder, in values, keys and comments that add nothing', () => {
    const values = fc.sample(fullUnicodeString(), { numRuns: 400, seed: 9 });
    const keyed: Record<string, string> = {};
    values.forEach((value, i) => {
      keyed[`k${i}${value}`] = value;
    });
    const documents = values.map((value, i) =>
      renderYaml({ Value: value, List: [value, { Nested: value }], Keyed: { [`k${i}${value}`]: value } }, [value]),
    );
    const decoded = cfnLintDecode(documents);
    decoded.forEach((result, i) => {
      const value = values[i] as string;
      expect(result.errors).toEqual([]);
      expect(result.template).toEqual({
        Value: value,
        List: [value, { Nested: value }],
        Keyed: { [`k${i}${value}`]: value },
      });
    });
    expect(Object.keys(keyed)).toHaveLength(values.length);
  });

  it('writes a comment on its own line whatever it holds', () => {
    fc.assert(
      fc.property(fc.array(fullUnicodeString(), { maxLength: 4 }), (lines) => {
        const text = `${yamlComment(lines)}v: 1\n`;
        expect(parse(text, { version: '1.1' })).toEqual({ v: 1 });
        expect(parse(text, { version: '1.2' })).toEqual({ v: 1 });
      }),
      { numRuns: 1000 },
    );
  });
});
