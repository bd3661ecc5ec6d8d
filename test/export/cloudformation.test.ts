import { describe, expect, it } from 'vitest';
import { type Document, parse, parseAllDocuments } from 'yaml';
import { isKmsKeyTeamCreates, type Plan, PlanSchema } from '../../src/core/plan/schema.js';
import { logicalIdBase } from '../../src/export/cloudformation.js';
import { exportPlan, exportPlanText } from '../../src/export/index.js';
import { HOSTILE, hostilePlan, PAYMENTS, RETAIL, samplePlan } from './fixtures.js';

interface Resource {
  Type: string;
  Condition?: string;
  DeletionPolicy?: string;
  Properties: Record<string, unknown>;
}
interface Template {
  AWSTemplateFormatVersion: string;
  Description: string;
  Parameters?: Record<string, Record<string, unknown>>;
  Conditions?: Record<string, unknown>;
  Resources: Record<string, Resource>;
  Outputs: Record<string, { Value: unknown; Condition?: string }>;
}
interface Parsed {
  comment: string;
  template: Template;
}

/** The comment a document starts with: yaml keeps it on the document, or after `---` on its contents. */
function leadingComment(doc: Document.Parsed): string {
  return doc.commentBefore ?? doc.contents?.commentBefore ?? '';
}

function parseStream(plan: Plan): Parsed[] {
  const docs = parseAllDocuments(exportPlanText(PlanSchema.parse(plan), 'cloudformation'));
  if (!Array.isArray(docs)) throw new Error('expected a YAML stream');
  return docs.map((doc) => {
    expect(doc.errors).toEqual([]);
    return { comment: leadingComment(doc), template: doc.toJS() as Template };
  });
}

function ofType(template: Template, type: string): [string, Resource][] {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

describe('cloudformation export', () => {
  const plan = samplePlan();
  const stream = parseStream(plan);
  const [retail, paymentsEu, paymentsUs] = stream as [Parsed, Parsed, Parsed];

  it('writes one template per account and region, each file named after them', () => {
    expect(exportPlan(plan, 'cloudformation').map((file) => file.name)).toEqual([
      `kms-${RETAIL}-us-east-1.yaml`,
      `kms-${PAYMENTS}-eu-west-1.yaml`,
      `kms-${PAYMENTS}-us-east-1.yaml`,
    ]);
    expect(stream).toHaveLength(3);
  });

  it('starts every template in the stream with a comment naming its account and region', () => {
    expect(retail.comment).toContain(`keyplan: account ${RETAIL}, region us-east-1`);
    expect(paymentsEu.comment).toContain(`keyplan: account ${PAYMENTS}, region eu-west-1`);
    expect(paymentsUs.comment).toContain(`keyplan: account ${PAYMENTS}, region us-east-1`);
    for (const file of exportPlan(plan, 'cloudformation'))
      expect(file.content.startsWith('# keyplan: account')).toBe(true);
  });

  it('declares the template format version as a string', () => {
    for (const { template } of stream) expect(template.AWSTemplateFormatVersion).toBe('2010-09-09');
    expect(exportPlanText(plan, 'cloudformation')).toContain('AWSTemplateFormatVersion: "2010-09-09"');
  });

  it('creates keys only for customer managed entries, each with exactly one alias pointing at it', () => {
    const keys = stream.flatMap(({ template }) => [
      ...ofType(template, 'AWS::KMS::Key'),
      ...ofType(template, 'AWS::KMS::ReplicaKey'),
    ]);
    expect(keys).toHaveLength(plan.keys.filter(isKmsKeyTeamCreates).length);
    for (const { template } of stream) {
      const keyIds = [...ofType(template, 'AWS::KMS::Key'), ...ofType(template, 'AWS::KMS::ReplicaKey')].map(
        ([id]) => id,
      );
      const targets = ofType(template, 'AWS::KMS::Alias').map(([, alias]) => alias.Properties.TargetKeyId);
      expect(targets).toHaveLength(keyIds.length);
      for (const id of keyIds)
        expect(targets.filter((t) => JSON.stringify(t) === JSON.stringify({ Ref: id }))).toHaveLength(1);
    }
    const aliasNames = stream.flatMap(({ template }) =>
      ofType(template, 'AWS::KMS::Alias').map(([, alias]) => alias.Properties.AliasName),
    );
    expect(aliasNames).not.toContain('alias/aws/s3');
  });

  it('sets rotation, deletion window, key spec, origin and tags on a KMS-generated key', () => {
    const [[, key]] = ofType(retail.template, 'AWS::KMS::Key').filter(([, r]) => r.Properties.Origin === 'AWS_KMS') as [
      [string, Resource],
    ];
    expect(key.Properties).toMatchObject({
      EnableKeyRotation: true,
      RotationPeriodInDays: 365,
      PendingWindowInDays: 30,
      MultiRegion: false,
      KeySpec: 'SYMMETRIC_DEFAULT',
    });
    expect(key.DeletionPolicy).toBe('Retain');
    const source = plan.keys[0];
    expect(key.Properties.KeyPolicy).toEqual(source?.policy);
    expect(key.Properties.Tags).toEqual(Object.entries(source?.tags ?? {}).map(([Key, Value]) => ({ Key, Value })));
  });

  it('marks an imported key EXTERNAL, without rotation properties', () => {
    const [[, key]] = ofType(retail.template, 'AWS::KMS::Key').filter(
      ([, r]) => r.Properties.Origin === 'EXTERNAL',
    ) as [[string, Resource]];
    expect(key.Properties).not.toHaveProperty('EnableKeyRotation');
    expect(key.Properties).not.toHaveProperty('RotationPeriodInDays');
    expect(key.Properties.PendingWindowInDays).toBe(30);
  });

  it('makes the primary multi-Region and takes the replica’s primary ARN as a parameter', () => {
    const [[, primary]] = ofType(paymentsUs.template, 'AWS::KMS::Key') as [[string, Resource]];
    expect(primary.Properties).toMatchObject({ MultiRegion: true, RotationPeriodInDays: 180 });

    const [[replicaId, replica]] = ofType(paymentsEu.template, 'AWS::KMS::ReplicaKey') as [[string, Resource]];
    const parameterName = `${logicalIdBase('orders-prod-confidential-eu-west-1')}PrimaryKeyArn`;
    expect(replica.Properties.PrimaryKeyArn).toEqual({ Ref: parameterName });
    expect(replica.Properties).not.toHaveProperty('EnableKeyRotation');
    const parameter = paymentsEu.template.Parameters?.[parameterName];
    expect(parameter).toMatchObject({ Type: 'String' });
    expect(String(parameter?.Description)).toMatch(/alias\/orders\/prod\/confidential in us-east-1/);
    // The parameter names the primary stack's output that holds the ARN.
    const primaryOutput = String(parameter?.Description).match(/output (\w+)/)?.[1] ?? '';
    expect(Object.keys(paymentsUs.template.Outputs)).toContain(primaryOutput);
    const pattern = new RegExp(String(parameter?.AllowedPattern));
    expect(pattern.test(`arn:aws:kms:us-east-1:${PAYMENTS}:key/mrk-1234abcd12ab34cd56ef1234567890ab`)).toBe(true);
    expect(pattern.test(`arn:aws:kms:us-east-1:${PAYMENTS}:key/1234abcd-12ab-34cd-56ef-1234567890ab`)).toBe(false);
    expect(pattern.test(`arn:aws:kms:us-east-1:${RETAIL}:key/mrk-1234abcd12ab34cd56ef1234567890ab`)).toBe(false);

    // Until the ARN is passed the replica, its alias and its output are left out, so stacks deploy in any order.
    const condition = replica.Condition as string;
    expect(paymentsEu.template.Conditions?.[condition]).toEqual({
      'Fn::Not': [{ 'Fn::Equals': [{ Ref: parameterName }, ''] }],
    });
    const [[, alias]] = ofType(paymentsEu.template, 'AWS::KMS::Alias') as [[string, Resource]];
    expect(alias.Condition).toBe(condition);
    expect(alias.Properties.TargetKeyId).toEqual({ Ref: replicaId });
    expect(Object.values(paymentsEu.template.Outputs)[0]?.Condition).toBe(condition);
  });

  it('outputs the ARN of every key', () => {
    for (const { template } of stream) {
      const keyIds = [...ofType(template, 'AWS::KMS::Key'), ...ofType(template, 'AWS::KMS::ReplicaKey')].map(
        ([id]) => id,
      );
      const values = Object.values(template.Outputs).map((output) => output.Value);
      expect(values).toEqual(keyIds.map((id) => ({ 'Fn::GetAtt': [id, 'Arn'] })));
    }
  });

  it('uses unique alphanumeric logical ids', () => {
    for (const { template } of stream) {
      const ids = [
        ...Object.keys(template.Parameters ?? {}),
        ...Object.keys(template.Conditions ?? {}),
        ...Object.keys(template.Resources),
      ];
      for (const id of [...ids, ...Object.keys(template.Outputs)]) expect(id).toMatch(/^[A-Za-z][A-Za-z0-9]*$/);
      expect(new Set(ids).size).toBe(ids.length);
    }
    expect(logicalIdBase('9-lives.prod')).toBe('K9LivesProd');
    expect(logicalIdBase('***')).toBe('Planned');
  });

  it('keeps logical ids unique when key ids collapse to the same name', () => {
    const clash = samplePlan();
    const base = clash.keys[0];
    if (base === undefined) throw new Error('fixture has no keys');
    clash.keys = ['a-b', 'a.b', 'aB'].map((id, i) => ({ ...base, id, alias: `alias/x/${i}` }));
    const [{ template }] = parseStream(clash) as [Parsed];
    expect(ofType(template, 'AWS::KMS::Key').map(([id]) => id)).toEqual(['ABKey', 'AB2Key', 'AB3Key']);
  });

  it('keeps hostile plan text as data and comments on their lines', () => {
    const hostile = hostilePlan();
    const parsed = parseStream(hostile);
    expect(parsed).toHaveLength(3);
    const [first] = parsed as [Parsed];
    expect(first.comment.split('\n')[0]).toContain(`keyplan: account ${RETAIL}, region us-east-1`);
    const [[, key]] = ofType(first.template, 'AWS::KMS::Key') as [[string, Resource]];
    expect(key.Properties.Tags).toContainEqual({ Key: 'odd key', Value: HOSTILE });
    expect(key.Properties.KeyPolicy).toEqual(hostile.keys[0]?.policy);
    expect(Object.keys(first.template).sort()).toEqual([
      'AWSTemplateFormatVersion',
      'Description',
      'Outputs',
      'Resources',
    ]);
  });

  it('quotes strings that YAML 1.1 parsers would read as booleans or dates', () => {
    const plan = samplePlan();
    plan.keys = plan.keys.map((key) => ({ ...key, tags: { ...key.tags, Owner: 'no', Stage: '2024-01-01' } }));
    const [text] = exportPlan(plan, 'cloudformation').map((file) => file.content);
    const template = parse(text ?? '', { version: '1.1' }) as Template;
    const tags = Object.values(template.Resources)[0]?.Properties.Tags;
    expect(tags).toContainEqual({ Key: 'Owner', Value: 'no' });
    expect(tags).toContainEqual({ Key: 'Stage', Value: '2024-01-01' });
  });

  it('says when a template is too large to deploy inline', () => {
    const big = samplePlan();
    const base = big.keys[0];
    if (base === undefined) throw new Error('fixture has no keys');
    big.keys = Array.from({ length: 40 }, (_, i) => ({ ...base, id: `key-${i}`, alias: `alias/big/${i}` }));
    const [large] = exportPlan(big, 'cloudformation');
    expect(new TextEncoder().encode(large?.content).length).toBeGreaterThan(51_200);
    expect(large?.content).toMatch(
      /^# This template is over 51,200 bytes: deploy it with --s3-bucket <a bucket in us-east-1>\.$/m,
    );
    for (const file of exportPlan(samplePlan(), 'cloudformation')) expect(file.content).not.toContain('--s3-bucket');
  });

  it('has no template when the plan creates no key', () => {
    const plan = samplePlan();
    plan.keys = plan.keys.filter((key) => !isKmsKeyTeamCreates(key));
    expect(exportPlan(plan, 'cloudformation')).toEqual([]);
    const text = exportPlanText(plan, 'cloudformation');
    expect(text).toMatch(/^# keyplan: .*no customer managed keys/);
    expect(parse(text)).toBeNull();
  });
});
