import type { Plan } from '../core/plan/schema.js';
import {
  type AccountRegion,
  allocateNames,
  byAccountRegion,
  type DeployableKey,
  deletionWindowOf,
  deployableKeys,
  keyDescription,
} from './deployable.js';
import { renderYaml, yamlFromJson } from './yaml.js';

/** Above this size CloudFormation only accepts a template uploaded to S3. */
const INLINE_TEMPLATE_LIMIT_BYTES = 51_200;

export interface CloudFormationTemplate {
  readonly account: string;
  readonly region: string;
  /** The YAML text, starting with a comment that names the account and region. */
  readonly text: string;
}

/** A CloudFormation logical id base from a key id: PascalCase, alphanumeric, starting with a letter. */
export function logicalIdBase(id: string): string {
  const joined = id
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== '')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('')
    .slice(0, 200);
  if (joined === '') return 'Planned';
  return /^[A-Za-z]/.test(joined) ? joined : `K${joined}`;
}

interface Ids {
  readonly key: string;
  readonly alias: string;
  readonly output: string;
  readonly primaryParameter: string;
  readonly primaryCondition: string;
}

function idsFor(base: string): Ids {
  return {
    key: `${base}Key`,
    alias: `${base}Alias`,
    output: `${base}KeyArn`,
    primaryParameter: `${base}PrimaryKeyArn`,
    primaryCondition: `${base}HasPrimary`,
  };
}

/** One template per account and region holding customer managed keys, in a stable order. */
export function renderCloudFormation(plan: Plan): CloudFormationTemplate[] {
  const groups = byAccountRegion(deployableKeys(plan));
  // Names are allocated over the whole plan so a replica's parameter can name its primary's output.
  const all = groups.flatMap((group) => group.keys);
  const bases = allocateNames(
    all,
    (entry) => logicalIdBase(entry.key.id),
    (base) => Object.values(idsFor(base)),
    '',
  );
  const idsOf = new Map(all.map((entry, i) => [entry.key.id, idsFor(bases[i] as string)]));
  return groups.map((group) => ({
    account: group.account,
    region: group.region,
    text: renderTemplate(plan, group, idsOf),
  }));
}

function renderTemplate(plan: Plan, group: AccountRegion, idsOf: ReadonlyMap<string, Ids>): string {
  const parameters: Record<string, unknown> = {};
  const conditions: Record<string, unknown> = {};
  const resources: Record<string, unknown> = {};
  const outputs: Record<string, unknown> = {};
  const replicaNotes: string[] = [];
  for (const entry of group.keys) {
    const ids = idsOf.get(entry.key.id) as Ids;
    // A replica waits for its primary's ARN: with the parameter empty the stack deploys without it, so
    // stacks can go out in any order, even when two regions each hold the other's primary.
    const onlyWithPrimary: { Condition?: string } = {};
    if (entry.primary !== null) {
      const primaryIds = idsOf.get(entry.primary.id) as Ids;
      parameters[ids.primaryParameter] = primaryParameter(entry, entry.primary.alias ?? entry.primary.id, primaryIds);
      conditions[ids.primaryCondition] = { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: ids.primaryParameter }, ''] }] };
      onlyWithPrimary.Condition = ids.primaryCondition;
      replicaNotes.push(`${ids.primaryParameter}=<${primaryIds.output} of the ${entry.primary.region} stack>`);
    }
    const { Type, ...rest } = keyResource(entry, ids);
    resources[ids.key] = { Type, ...onlyWithPrimary, ...rest };
    resources[ids.alias] = {
      Type: 'AWS::KMS::Alias',
      ...onlyWithPrimary,
      Properties: { AliasName: entry.alias, TargetKeyId: { Ref: ids.key } },
    };
    outputs[ids.output] = {
      Description: `ARN of ${entry.alias} (${entry.key.id})`,
      ...onlyWithPrimary,
      Value: { 'Fn::GetAtt': [ids.key, 'Arn'] },
    };
  }
  const template: Record<string, unknown> = {
    AWSTemplateFormatVersion: '2010-09-09',
    // CloudFormation allows at most 1024 bytes here; the comment above the template has the full name.
    Description: truncateBytes(
      `KMS keys planned by keyplan: account ${group.account}, region ${group.region}, ${plan.organization}`,
      1024,
    ),
  };
  if (Object.keys(parameters).length > 0) template.Parameters = parameters;
  if (Object.keys(conditions).length > 0) template.Conditions = conditions;
  template.Resources = resources;
  template.Outputs = outputs;

  const header = [
    `keyplan: account ${group.account}, region ${group.region} (${plan.organization})`,
    `Deploy with credentials for account ${group.account}:`,
    `  aws cloudformation deploy --region ${group.region} --stack-name keyplan-kms --template-file <this file>`,
  ];
  if (replicaNotes.length > 0) {
    header.push(
      'Multi-Region replicas are created once their primary key’s ARN is passed (from the stack in its region):',
      `  --parameter-overrides ${replicaNotes.join(' ')}`,
      'Deploy without it first if that stack does not exist yet, then update this one.',
    );
  }
  header.push(
    'Keys are retained when the stack is deleted: schedule key deletion deliberately, never as a side effect.',
  );
  // Every string is a double-quoted scalar and every comment line is escaped (src/export/yaml.ts): plan text
  // cannot end a scalar or a comment, and YAML 1.1 readers see no dates or booleans where strings are meant.
  const text = renderYaml(yamlFromJson(template), header);
  if (new TextEncoder().encode(text).length <= INLINE_TEMPLATE_LIMIT_BYTES) return text;
  return renderYaml(yamlFromJson(template), [
    ...header,
    `This template is over ${INLINE_TEMPLATE_LIMIT_BYTES} bytes: deploy it with --s3-bucket.`,
  ]);
}

/** Cuts text to a byte limit without splitting a character. */
function truncateBytes(text: string, limit: number): string {
  const encoder = new TextEncoder();
  if (encoder.encode(text).length <= limit) return text;
  let out = '';
  for (const ch of text) {
    if (encoder.encode(out + ch).length > limit - 3) break;
    out += ch;
  }
  return `${out}...`;
}

function primaryParameter(entry: DeployableKey, primaryName: string, primaryIds: Ids): Record<string, unknown> {
  const primary = entry.primary as NonNullable<DeployableKey['primary']>;
  return {
    Type: 'String',
    Default: '',
    Description: truncateBytes(
      `ARN of the multi-Region primary key ${primaryName} in ${primary.region} (output ${primaryIds.output} of its stack): a replica cannot reference a stack in another region. Empty: the replica is not created yet.`,
      4000,
    ),
    AllowedPattern: `^(arn:aws[a-z-]*:kms:[a-z0-9-]+:${entry.key.account}:key/mrk-[0-9a-f]{32})?$`,
    ConstraintDescription: `empty, or the ARN of a multi-Region key (key/mrk-...) in account ${entry.key.account}`,
  };
}

function tagList(tags: Record<string, string>): { Key: string; Value: string }[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

function keyResource(entry: DeployableKey, ids: Ids): { Type: string } & Record<string, unknown> {
  const { key } = entry;
  // Deleting the stack or replacing the resource would otherwise schedule the key, and the data it protects, for deletion.
  const retention = { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' };
  if (entry.primary !== null) {
    return {
      Type: 'AWS::KMS::ReplicaKey',
      ...retention,
      Properties: {
        PrimaryKeyArn: { Ref: ids.primaryParameter },
        Description: keyDescription(key),
        KeyPolicy: entry.policy,
        PendingWindowInDays: deletionWindowOf(key),
        Tags: tagList(key.tags),
      },
    };
  }
  const properties: Record<string, unknown> = {
    Description: keyDescription(key),
    KeySpec: 'SYMMETRIC_DEFAULT',
    KeyUsage: 'ENCRYPT_DECRYPT',
    Origin: entry.imported ? 'EXTERNAL' : 'AWS_KMS',
    MultiRegion: key.multiRegion,
  };
  // Keys with imported material cannot rotate automatically; EnableKeyRotation is left out for them.
  if (!entry.imported) {
    properties.EnableKeyRotation = key.rotation.automatic;
    if (key.rotation.automatic && key.rotation.periodDays !== null) {
      properties.RotationPeriodInDays = key.rotation.periodDays;
    }
  }
  properties.PendingWindowInDays = deletionWindowOf(key);
  properties.KeyPolicy = entry.policy;
  properties.Tags = tagList(key.tags);
  return { Type: 'AWS::KMS::Key', ...retention, Properties: properties };
}
