import { isKmsKeyTeamCreates, type Plan, type PlannedKey } from './plan/schema.js';

/** One key of the plan in words: its alias (or id) and what it protects. */
export interface KeyMention {
  id: string;
  alias: string;
  dataSets: string[];
}

export interface KeyChange extends KeyMention {
  /** What changed, in words: "policy", "users: +Auditor", "rotation 365 → 180 days". */
  changes: string[];
}

/** A data set that leaves one key for another: its data must be re-encrypted under the new key. */
export interface DataSetMove {
  dataSet: string;
  from: string;
  to: string;
  /** The boundary newly crossed, in words: "classification public → confidential". */
  because: string[];
  services: string[];
}

/** What changed between two plans, key by key: the diff an approver reads before deciding. */
export interface PlanDiff {
  added: (KeyMention & { why: string })[];
  removed: KeyMention[];
  changed: KeyChange[];
  moved: DataSetMove[];
  unchanged: number;
}

/** Services that keep the key's ARN with the resource: moving their data to another key needs a copy. */
const COPY_TO_REKEY = new Set([
  'rds',
  'aurora',
  'ebs',
  'redshift',
  'redshift-serverless',
  'efs',
  'elasticache',
  'opensearch',
]);

function mention(key: PlannedKey): KeyMention {
  return { id: key.id, alias: key.alias ?? key.id, dataSets: [...key.dataSets] };
}

function setChange(label: string, before: readonly string[], after: readonly string[]): string | undefined {
  const gained = after.filter((x) => !before.includes(x));
  const lost = before.filter((x) => !after.includes(x));
  if (gained.length === 0 && lost.length === 0) return undefined;
  return `${label}: ${[...gained.map((x) => `+${x}`), ...lost.map((x) => `-${x}`)].join(', ')}`;
}

/** JSON with sorted keys, so two equal policies compare equal whatever their key order. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function changesOf(before: PlannedKey, after: PlannedKey): string[] {
  const rotation = (key: PlannedKey) => (key.rotation.automatic ? `${key.rotation.periodDays} days` : 'off');
  return [
    setChange('data sets', before.dataSets, after.dataSets),
    setChange('services', before.services, after.services),
    setChange('users', before.users, after.users),
    setChange('administrators', before.admins, after.admins),
    rotation(before) === rotation(after) ? undefined : `rotation ${rotation(before)} → ${rotation(after)}`,
    before.multiRegion === after.multiRegion
      ? undefined
      : `multi-Region ${before.multiRegion ? 'on → off' : 'off → on'}`,
    stable(before.policy) === stable(after.policy) ? undefined : 'key policy changed',
  ].filter((line): line is string => line !== undefined);
}

/**
 * The keys the team creates, compared by identity (the same key keeps its id across reviews) and, for
 * a key renamed by the core, by alias. With no previous plan every key is added.
 */
export function diffPlans(previous: Plan | null, next: Plan): PlanDiff {
  const before = (previous?.keys ?? []).filter(isKmsKeyTeamCreates);
  const after = next.keys.filter(isKmsKeyTeamCreates);
  const match = (key: PlannedKey, among: readonly PlannedKey[]) =>
    among.find((k) => k.id === key.id) ?? among.find((k) => k.alias !== undefined && k.alias === key.alias);
  const diff: PlanDiff = { added: [], removed: [], changed: [], moved: movesBetween(before, after), unchanged: 0 };
  for (const key of after) {
    const old = match(key, before);
    if (!old) diff.added.push({ ...mention(key), why: key.rationale[0] ?? 'a new key of the plan' });
    else {
      const changes = changesOf(old, key);
      if (changes.length > 0) diff.changed.push({ ...mention(key), changes });
      else diff.unchanged++;
    }
  }
  for (const key of before) if (!match(key, after)) diff.removed.push(mention(key));
  return diff;
}

/** Where each data set (of each application, stage, account and region) is held: by which key. */
function holders(keys: readonly PlannedKey[]): Map<string, PlannedKey> {
  const held = new Map<string, PlannedKey>();
  for (const key of keys) {
    if (key.replicaOf !== undefined) continue;
    for (const dataSet of key.dataSets) held.set([key.application, key.stage, key.region, dataSet].join('\u0000'), key);
  }
  return held;
}

/** Data sets held by a different key than before, and the boundary that moved them. */
function movesBetween(before: readonly PlannedKey[], after: readonly PlannedKey[]): DataSetMove[] {
  const was = holders(before);
  const moves: DataSetMove[] = [];
  for (const [slot, key] of holders(after)) {
    const old = was.get(slot);
    if (!old || old.id === key.id) continue;
    const because = [
      old.classification === key.classification
        ? undefined
        : `classification ${old.classification} → ${key.classification}`,
      old.account === key.account ? undefined : `account ${old.account} → ${key.account}`,
      old.application === key.application ? undefined : `application ${old.application} → ${key.application}`,
    ].filter((reason): reason is string => reason !== undefined);
    const dataSet = slot.split('\u0000')[3] as string;
    moves.push({ dataSet, from: old.alias ?? old.id, to: key.alias ?? key.id, because, services: [...key.services] });
  }
  return moves;
}

function moveLine(move: DataSetMove): string {
  const copy = move.services.filter((service) => COPY_TO_REKEY.has(service));
  const how =
    copy.length > 0
      ? `${copy.join(', ')} keep the key they were created with, so their data moves by a copy (a snapshot copy or a new volume) under the new key`
      : 'its data must be re-encrypted under the new key (S3: copy the objects in place with the new key)';
  const why = move.because.length > 0 ? `its ${move.because.join(' and ')}` : 'its key boundary changed';
  return `Re-encrypt ${move.dataSet}: ${why}, so it moves from ${move.from} to ${move.to}; ${how}. Cost: $1/month for the new key, and $0.03 per 10,000 KMS requests while re-encrypting.`;
}

/** The diff as lines for a chat message or a report. */
export function describeDiff(diff: PlanDiff, previousLabel: string): string[] {
  if (diff.added.length + diff.removed.length + diff.changed.length === 0) {
    return [`No key changed since ${previousLabel}.`];
  }
  return [
    ...diff.added.map((k) => `Added ${k.alias} (${k.dataSets.join(', ')}): ${k.why}`),
    ...diff.changed.map((k) => `Changed ${k.alias}: ${k.changes.join('; ')}`),
    ...diff.moved.map(moveLine),
    ...diff.removed.map(
      (k) =>
        `Retire ${k.alias} (${k.dataSets.join(', ')}): nothing uses it any more. Schedule its deletion (a 7–30 day wait) only once the data encrypted under it is re-encrypted or gone.`,
    ),
    `${diff.unchanged} key${diff.unchanged === 1 ? '' : 's'} unchanged since ${previousLabel}.`,
  ];
}
