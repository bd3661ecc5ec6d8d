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

/** What changed between two plans, key by key: the diff an approver reads before deciding. */
export interface PlanDiff {
  added: KeyMention[];
  removed: KeyMention[];
  changed: KeyChange[];
  unchanged: number;
}

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
  const diff: PlanDiff = { added: [], removed: [], changed: [], unchanged: 0 };
  for (const key of after) {
    const old = match(key, before);
    if (!old) diff.added.push(mention(key));
    else {
      const changes = changesOf(old, key);
      if (changes.length > 0) diff.changed.push({ ...mention(key), changes });
      else diff.unchanged++;
    }
  }
  for (const key of before) if (!match(key, after)) diff.removed.push(mention(key));
  return diff;
}

/** The diff as lines for a chat message or a report. */
export function describeDiff(diff: PlanDiff, previousLabel: string): string[] {
  if (diff.added.length + diff.removed.length + diff.changed.length === 0) {
    return [`No key changed since ${previousLabel}.`];
  }
  return [
    ...diff.added.map((k) => `Added ${k.alias} (${k.dataSets.join(', ')})`),
    ...diff.removed.map((k) => `Removed ${k.alias} (${k.dataSets.join(', ')})`),
    ...diff.changed.map((k) => `Changed ${k.alias}: ${k.changes.join('; ')}`),
    `${diff.unchanged} key${diff.unchanged === 1 ? '' : 's'} unchanged since ${previousLabel}.`,
  ];
}
