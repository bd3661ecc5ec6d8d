import type { PlannedKey } from '../../core/plan/schema.js';
import { cliKey, hcl, sh, tfImportNote, tfName } from '../checks/snippets.js';
import type { Remediation } from '../checks/types.js';
import type { KeyRecord } from '../model/inventory.js';
import { displayName } from '../model/key-scope.js';
import type { DriftContext } from './types.js';

/** Presence drift: a planned key with no live key behind its alias, and a live key no plan explains. */

export const MISSING_KEY = {
  id: 'drift-missing-key',
  title: 'Planned key does not exist',
  rationale:
    'The approved plan names this key (matched by alias); without it the data sets it was meant to protect ' +
    'are encrypted under some other key, or not under a key the team controls.',
} as const;

export const UNEXPLAINED_KEY = {
  id: 'drift-unexplained-key',
  title: 'Customer managed key not in the plan',
  rationale:
    'Every customer managed key costs money and needs an owner, administrators and users that someone ' +
    'approved. A key no plan explains was created outside the process: add it to the plan or retire it.',
} as const;

function hclMap(entries: Record<string, string>, indent: string): string[] {
  return Object.entries(entries).map(([name, value]) => `${indent}${hcl(name)} = ${hcl(value)}`);
}

export function missingKeyMessage(planned: PlannedKey, context: DriftContext): string {
  const where = `${context.account ?? planned.account}/${context.region}`;
  const alias = planned.alias ?? '(no alias in the plan)';
  return `planned key ${alias} (${planned.id}, ${planned.dataSets.join(', ') || 'no data sets'}) does not exist in ${where}`;
}

export function missingKeyRemediation(planned: PlannedKey, context: DriftContext): Remediation {
  const alias = planned.alias ?? `alias/${planned.application}/${planned.stage}/${planned.classification}`;
  const name = alias
    .replace(/^alias\//, '')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_');
  const imported = planned.type === 'customer-managed-imported';
  const tags = Object.entries(planned.tags)
    .map(([key, value]) => sh(`TagKey=${key},TagValue=${value}`))
    .join(' ');
  const region = `--region ${sh(context.region)}`;
  if (planned.replicaOf !== undefined) {
    return {
      cli: `aws kms replicate-key --key-id ${sh(`<arn of the primary ${planned.replicaOf}>`)} --replica-region ${sh(context.region)}\naws kms create-alias --alias-name ${sh(alias)} --target-key-id '<new key id>' ${region}`,
      terraform: [
        `resource "aws_kms_replica_key" "${name}" {`,
        `  primary_key_arn = ${hcl(`<arn of the primary ${planned.replicaOf}>`)}`,
        '}',
        '',
        `resource "aws_kms_alias" "${name}" {`,
        `  name          = ${hcl(alias)}`,
        `  target_key_id = aws_kms_replica_key.${name}.key_id`,
        '}',
      ].join('\n'),
    };
  }
  const create = [
    'aws kms create-key',
    imported ? '--origin EXTERNAL' : '--key-spec SYMMETRIC_DEFAULT --key-usage ENCRYPT_DECRYPT',
    planned.multiRegion ? '--multi-region' : '',
    `--description ${sh(`${planned.application} ${planned.stage} ${planned.classification}`)}`,
    '--policy file://planned-policy.json',
    tags === '' ? '' : `--tags ${tags}`,
    region,
  ].filter((part) => part !== '');
  const rotation =
    planned.rotation.automatic && !imported
      ? [
          `aws kms enable-key-rotation --key-id '<new key id>' --rotation-period-in-days ${planned.rotation.periodDays ?? 365} ${region}`,
        ]
      : [];
  const resource = imported ? 'aws_kms_external_key' : 'aws_kms_key';
  return {
    cli: [
      create.join(' '),
      `aws kms create-alias --alias-name ${sh(alias)} --target-key-id '<new key id>' ${region}`,
      ...rotation,
    ].join('\n'),
    terraform: [
      `resource "${resource}" "${name}" {`,
      `  description             = ${hcl(`${planned.application} ${planned.stage} ${planned.classification}`)}`,
      ...(imported
        ? []
        : ['  enable_key_rotation     = true', `  rotation_period_in_days = ${planned.rotation.periodDays ?? 365}`]),
      ...(planned.multiRegion ? ['  multi_region            = true'] : []),
      `  policy                  = file(${hcl(`policies/${planned.id}.json`)})`,
      '  tags = {',
      ...hclMap(planned.tags, '    '),
      '  }',
      '}',
      '',
      `resource "aws_kms_alias" "${name}" {`,
      `  name          = ${hcl(alias)}`,
      `  target_key_id = ${resource}.${name}.key_id`,
      '}',
    ].join('\n'),
  };
}

export function unexplainedKeyMessage(live: KeyRecord): string {
  return `customer managed key ${displayName(live)}${live.aliases.length > 0 ? ` (${live.keyId})` : ''} is not in the plan`;
}

export function unexplainedKeyRemediation(live: KeyRecord, context: DriftContext): Remediation {
  return {
    cli: [
      '# add the key to the plan (a data set that needs it), or retire it once CloudTrail shows no use:',
      `aws kms disable-key ${cliKey(live, context.region)}`,
      `aws kms schedule-key-deletion ${cliKey(live, context.region)} --pending-window-in-days 30`,
    ].join('\n'),
    terraform: [
      tfImportNote(live),
      '# then either describe it in the keyplan profile so the plan explains it, or remove the resource',
      `resource "aws_kms_key" "${tfName(live)}" {`,
      '  deletion_window_in_days = 30',
      '}',
    ].join('\n'),
  };
}
