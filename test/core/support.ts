import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import {
  type FieldIssue,
  isKmsKeyTeamCreates,
  type KeyPolicy,
  type Plan,
  type PlannedKey,
  type PolicyStatement,
  type Profile,
  parseProfile,
  recommend,
  validateProfile,
} from '../../src/core/index.js';
import { placementsOf } from '../../src/core/placements.js';
import { RuleContext } from '../../src/core/rule.js';
import { governanceModelRule } from '../../src/core/rules/governance-model.js';

/** Builders for small, valid profiles: each test states only what it is about. */

export const ACCOUNT = '111122223333';
export const OTHER_ACCOUNT = '444455556666';

export type Raw = Record<string, unknown>;

export function dataSet(name: string, extra: Raw = {}): Raw {
  return { name, classification: 'confidential', services: ['s3'], keyUsers: ['AppRole'], ...extra };
}

export function application(name: string, data: Raw[], extra: Raw = {}): Raw {
  return {
    name,
    team: `${name}-team`,
    keyAdmins: ['KeyAdmins'],
    environments: [{ stage: 'prod', account: ACCOUNT }],
    data,
    ...extra,
  };
}

export function rawProfile(applications: Raw[], extra: Raw = {}): Raw {
  return { organization: { name: 'Test Org' }, applications, ...extra };
}

export function profileOf(applications: Raw[], extra: Raw = {}): Profile {
  return parseProfile(rawProfile(applications, extra));
}

export function planOf(applications: Raw[], extra: Raw = {}): Plan {
  return recommend(profileOf(applications, extra));
}

/** The issues validation reports for a profile (empty when it is valid). */
export function validateIssues(applications: Raw[], extra: Raw = {}): FieldIssue[] {
  const result = validateProfile(rawProfile(applications, extra));
  return result.ok ? [] : result.issues;
}

/** One application with the given data sets, everything else default. */
export function planOfData(data: Raw[], extra: Raw = {}): Plan {
  return planOf([application('app', data)], extra);
}

export function kmsKeys(plan: Plan): PlannedKey[] {
  return plan.keys.filter(isKmsKeyTeamCreates);
}

/** The single key holding a data set in one region (throws if there is not exactly one). */
export function keyOf(plan: Plan, dataSetName: string, region?: string): PlannedKey {
  const found = plan.keys.filter(
    (k) => k.dataSets.includes(dataSetName) && (region === undefined || k.region === region),
  );
  if (found.length !== 1) throw new Error(`expected one key for ${dataSetName}, found ${found.length}`);
  return found[0] as PlannedKey;
}

export function statement(policy: KeyPolicy | null, sid: string): PolicyStatement | undefined {
  return policy?.Statement.find((s) => s.Sid === sid);
}

export function actionsOf(s: PolicyStatement | undefined): string[] {
  if (!s) return [];
  return typeof s.Action === 'string' ? [s.Action] : s.Action;
}

export function principalsOf(s: PolicyStatement | undefined): string[] {
  if (!s) return [];
  const p = 'AWS' in s.Principal ? s.Principal.AWS : s.Principal.Service;
  return typeof p === 'string' ? [p] : p;
}

export function role(name: string, account = ACCOUNT): string {
  return `arn:aws:iam::${account}:role/${name}`;
}

/** Placements of a profile as recommend() builds them (governance from the profile). */
export function placementsOfProfile(profile: Profile) {
  const context = new RuleContext();
  const governance = governanceModelRule.apply(context, profile.organization);
  return { context, placements: placementsOf(profile, governance.model, context) };
}

export function readExample(name: string): unknown {
  return parse(readFileSync(new URL(`../../examples/${name}.yaml`, import.meta.url), 'utf8'));
}

export function findingCodes(plan: Pick<Plan, 'findings'>): string[] {
  return plan.findings.map((f) => f.code);
}
