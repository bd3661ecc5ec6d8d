import type { Plan } from '../../core/plan/schema.js';
import { runChecks, sortFindings } from '../checks/run.js';
import { compareWithPlan } from '../drift/index.js';
import { plannedKeysInScope } from '../drift/scope.js';
import type { Inventory, KeyRecord } from '../model/inventory.js';
import type { AuditReport, KeySummary } from './types.js';

export interface BuildReportInput {
  inventory: Inventory;
  region: string;
  account: string | null;
  now: Date;
  plan?: Plan | null;
}

function summarize(key: KeyRecord, plannedKeyId: string | null): KeySummary {
  return {
    keyId: key.keyId,
    arn: key.arn,
    alias: key.aliases[0] ?? null,
    aliases: key.aliases,
    manager: key.facts?.manager ?? null,
    state: key.facts?.state ?? null,
    spec: key.facts?.spec ?? null,
    origin: key.facts?.origin ?? null,
    multiRegion: key.facts?.multiRegion ?? null,
    rotation: key.rotation === null ? null : { enabled: key.rotation.enabled, periodDays: key.rotation.periodDays },
    tags: key.tags,
    readable: key.unreadable.length === 0,
    unreadable: key.unreadable.map(({ operation, code }) => ({ operation, code })),
    plannedKeyId,
  };
}

/** Checks plus (with a plan) drift, over one inventory. Pure: the command does the I/O around it. */
export function buildReport(input: BuildReportInput): AuditReport {
  const { inventory, region, account, now } = input;
  const findings = runChecks(inventory, { now, region });
  const notes = [...inventory.notes];
  let matches = new Map<string, string>();
  let plan: AuditReport['plan'] = null;
  if (input.plan) {
    const drift = compareWithPlan(inventory, input.plan, { region, account });
    findings.push(...drift.findings);
    notes.push(...drift.notes);
    matches = drift.matches;
    plan = {
      organization: input.plan.organization,
      keysInScope: plannedKeysInScope(input.plan, { region, account }).length,
    };
  }
  return {
    region,
    account,
    scanned: inventory.keys.length,
    generatedAt: now.toISOString(),
    plan,
    keys: inventory.keys.map((key) => summarize(key, matches.get(key.keyId) ?? null)),
    findings: sortFindings(findings),
    notes,
  };
}
