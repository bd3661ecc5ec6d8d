import { describeIssues, type FieldIssue, KeyplanError } from '../core/errors.js';
import { isKmsKeyTeamCreates, type KeyPolicy, type Plan, type PlannedKey } from '../core/plan/schema.js';

/** KMS's default (and longest) waiting period, for plans written before keys carried their own. */
export const DELETION_WINDOW_DAYS = 30;

export function deletionWindowOf(key: Pick<PlannedKey, 'deletionWindowDays'>): number {
  return key.deletionWindowDays ?? DELETION_WINDOW_DAYS;
}

/** A customer managed key the Terraform and CloudFormation exports create, with its references resolved. */
export interface DeployableKey {
  readonly key: PlannedKey;
  readonly alias: string;
  readonly policy: KeyPolicy;
  readonly imported: boolean;
  /** The primary's entry, on a multi-Region replica. */
  readonly primary: PlannedKey | null;
}

export interface AccountRegion {
  readonly account: string;
  readonly region: string;
  readonly keys: readonly DeployableKey[];
}

/**
 * The customer managed keys of a plan, in plan order, checked for what infrastructure code needs and
 * the schema cannot express: unique ids, an alias and a policy on every key, aliases unique per account
 * and region, and replicas that point at a multi-Region primary of the same kind in the same account
 * and another region. Exporting an inconsistent plan would only fail later, at deploy time.
 */
export function deployableKeys(plan: Plan): DeployableKey[] {
  const issues: FieldIssue[] = [];
  const byId = new Map<string, PlannedKey>();
  plan.keys.forEach((key, index) => {
    if (byId.has(key.id)) issues.push({ path: `keys[${index}].id`, message: `key id "${key.id}" is used twice` });
    else byId.set(key.id, key);
  });
  const aliases = new Set<string>();
  const out: DeployableKey[] = [];
  plan.keys.forEach((key, index) => {
    if (!isKmsKeyTeamCreates(key)) return;
    const at = `keys[${index}]`;
    if (key.alias === null) {
      issues.push({ path: `${at}.alias`, message: 'a customer managed key needs an alias' });
    } else {
      if (!key.alias.startsWith('alias/') || key.alias.startsWith('alias/aws/')) {
        issues.push({ path: `${at}.alias`, message: `"${key.alias}" must start with alias/ and not alias/aws/` });
      }
      const scoped = JSON.stringify([key.account, key.region, key.alias]);
      if (aliases.has(scoped)) {
        issues.push({ path: `${at}.alias`, message: `"${key.alias}" is used twice in ${key.account} ${key.region}` });
      }
      aliases.add(scoped);
    }
    if (key.policy === null) issues.push({ path: `${at}.policy`, message: 'a customer managed key needs a policy' });
    const primary = key.replicaOf === undefined ? null : (byId.get(key.replicaOf) ?? null);
    if (key.replicaOf !== undefined) issues.push(...replicaIssues(key, primary, `${at}.replicaOf`));
    if (key.alias !== null && key.policy !== null) {
      out.push({
        key,
        alias: key.alias,
        policy: key.policy,
        imported: key.type === 'customer-managed-imported',
        primary,
      });
    }
  });
  if (issues.length > 0) {
    throw new KeyplanError('PLAN_INVALID', `the plan cannot be exported:\n${describeIssues(issues)}`, issues);
  }
  return out;
}

function replicaIssues(replica: PlannedKey, primary: PlannedKey | null, path: string): FieldIssue[] {
  if (primary === null) return [{ path, message: `no key has the id "${replica.replicaOf}"` }];
  const problems: string[] = [];
  if (!replica.multiRegion) problems.push('the replica is not marked multiRegion');
  if (!primary.multiRegion || primary.replicaOf !== undefined) problems.push('it is not a multi-Region primary');
  if (primary.type !== replica.type) problems.push(`it is ${primary.type}, the replica ${replica.type}`);
  if (primary.account !== replica.account) problems.push('replicas must stay in the primary key’s account');
  if (primary.region === replica.region) problems.push('a replica must be in another region than its primary');
  return problems.map((problem) => ({ path, message: `"${replica.replicaOf}": ${problem}` }));
}

/** Keys grouped by account and region, sorted, so providers and templates come out in a stable order. */
export function byAccountRegion(keys: readonly DeployableKey[]): AccountRegion[] {
  const groups = new Map<string, { account: string; region: string; keys: DeployableKey[] }>();
  for (const entry of keys) {
    const id = `${entry.key.account}\u0000${entry.key.region}`;
    const group = groups.get(id) ?? { account: entry.key.account, region: entry.key.region, keys: [] };
    group.keys.push(entry);
    groups.set(id, group);
  }
  return [...groups.values()].sort((a, b) => compare(a.account, b.account) || compare(a.region, b.region));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * One base name per item such that every name derived from it is unused so far; on a clash the base
 * gets a counter. Keeps generated identifiers unique even when two key ids sanitise to the same text.
 */
export function allocateNames<T>(
  items: readonly T[],
  baseOf: (item: T) => string,
  derived: (base: string) => readonly string[],
  counterSeparator: string,
  used: Set<string> = new Set(),
): string[] {
  return items.map((item) => {
    const wanted = baseOf(item);
    let base = wanted;
    for (let n = 2; derived(base).some((name) => used.has(name)); n++) base = `${wanted}${counterSeparator}${n}`;
    for (const name of derived(base)) used.add(name);
    return base;
  });
}

/** KMS key descriptions: what the key protects, readable in the console. */
export function keyDescription(key: PlannedKey): string {
  const data = key.dataSets.length > 0 ? key.dataSets.join(', ') : 'no data sets';
  const role = key.replicaOf !== undefined ? ' (multi-Region replica)' : '';
  // KMS accepts at most 8192 characters.
  return `${key.application} ${key.stage} ${key.classification}: ${data}${role}; planned by keyplan`.slice(0, 8192);
}
