import { describeApproval } from '../core/approval-stamp.js';
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

/**
 * CloudFormation's template quotas: 500 resources, 200 outputs, 200 parameters, and a template body of
 * 1 MB from S3. Each key takes two resources (key and alias) and one output, each replica a parameter,
 * so one account and region with more keys is split into several stacks.
 */
export const STACK_LIMITS = { resources: 500, outputs: 200, parameters: 200, bytes: 1_000_000 } as const;
const RESOURCES_PER_KEY = 2;

export interface CloudFormationTemplate {
  readonly account: string;
  readonly region: string;
  /** 1-based part of the account and region's keys, and how many parts there are (1 when all fit one stack). */
  readonly part: number;
  readonly parts: number;
  /** The stack name the header tells the reader to deploy it as. */
  readonly stackName: string;
  /** The YAML text, starting with a comment that names the account and region. */
  readonly text: string;
}

interface Part extends AccountRegion {
  readonly part: number;
  readonly parts: number;
  readonly stackName: string;
}

/** Keys per stack within the count quotas; the byte quota is checked on the rendered text. */
function chunkByCount(keys: readonly DeployableKey[]): DeployableKey[][] {
  const chunks: DeployableKey[][] = [];
  let current: DeployableKey[] = [];
  let replicas = 0;
  for (const entry of keys) {
    const replica = entry.primary !== null ? 1 : 0;
    const full =
      (current.length + 1) * RESOURCES_PER_KEY > STACK_LIMITS.resources ||
      current.length + 1 > STACK_LIMITS.outputs ||
      replicas + replica > STACK_LIMITS.parameters;
    if (full) {
      chunks.push(current);
      current = [];
      replicas = 0;
    }
    current.push(entry);
    replicas += replica;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
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
  // Halve a chunk until its template is within the byte quota; one key always fits (its policy is at most 32 KB).
  const bySize = (group: AccountRegion, keys: DeployableKey[]): DeployableKey[][] => {
    if (keys.length <= 1) return [keys];
    const draft: Part = { account: group.account, region: group.region, keys, part: 1, parts: 2, stackName: '' };
    if (new TextEncoder().encode(renderTemplate(plan, draft, idsOf, new Map())).length <= STACK_LIMITS.bytes) {
      return [keys];
    }
    const half = Math.ceil(keys.length / 2);
    return [...bySize(group, keys.slice(0, half)), ...bySize(group, keys.slice(half))];
  };
  const parts: Part[] = groups.flatMap((group) => {
    const chunks = chunkByCount(group.keys).flatMap((keys) => bySize(group, keys));
    return chunks.map((keys, i) => ({
      account: group.account,
      region: group.region,
      keys,
      part: i + 1,
      parts: chunks.length,
      stackName: chunks.length === 1 ? 'keyplan-kms' : `keyplan-kms-${i + 1}`,
    }));
  });
  const stackOf = new Map(parts.flatMap((part) => part.keys.map((entry) => [entry.key.id, part.stackName] as const)));
  return parts.map((part) => ({
    account: part.account,
    region: part.region,
    part: part.part,
    parts: part.parts,
    stackName: part.stackName,
    text: renderTemplate(plan, part, idsOf, stackOf),
  }));
}

function renderTemplate(
  plan: Plan,
  group: Part,
  idsOf: ReadonlyMap<string, Ids>,
  stackOf: ReadonlyMap<string, string>,
): string {
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
      const primaryStack = stackOf.get(entry.primary.id) ?? 'keyplan-kms';
      replicaNotes.push(
        `${ids.primaryParameter}=<${primaryIds.output} of the ${primaryStack} stack in ${entry.primary.region}>`,
      );
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
      `KMS keys planned by keyplan: account ${group.account}, region ${group.region}${group.parts > 1 ? `, part ${group.part} of ${group.parts}` : ''}, ${plan.organization}`,
      1024,
    ),
  };
  if (Object.keys(parameters).length > 0) template.Parameters = parameters;
  if (Object.keys(conditions).length > 0) template.Conditions = conditions;
  template.Resources = resources;
  template.Outputs = outputs;

  const split =
    group.parts > 1
      ? [
          `Part ${group.part} of ${group.parts}: this account and region has more keys than one stack holds (${STACK_LIMITS.resources} resources, ${STACK_LIMITS.outputs} outputs, ${STACK_LIMITS.parameters} parameters, ${STACK_LIMITS.bytes.toLocaleString('en-US')} bytes), so each part is its own stack.`,
        ]
      : [];
  const header = [
    `keyplan: account ${group.account}, region ${group.region} (${plan.organization})`,
    ...(plan.approval ? [describeApproval(plan.approval)] : []),
    ...split,
    `Deploy with credentials for account ${group.account}:`,
    `  aws cloudformation deploy --region ${group.region} --stack-name ${group.stackName} --template-file <this file>`,
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
    `This template is over ${INLINE_TEMPLATE_LIMIT_BYTES.toLocaleString('en-US')} bytes: deploy it with --s3-bucket <a bucket in ${group.region}>.`,
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
