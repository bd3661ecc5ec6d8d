import type { Trait } from '../../src/core/index.js';

/**
 * The interview's answers so far: the profile (DESIGN §2) in the making. Plain JSON so it survives
 * snapshots and schema migrations; validated as a whole by validateProfile() at review.
 */
export interface DraftDataSet {
  name: string;
  classification: string;
  services: string[];
  keyUsers: string[];
  keyAdmins?: string[];
  needs: { control: boolean; audit: boolean; byok: boolean; multiRegion: boolean; rotationDays?: number };
  access: 'service' | 'direct';
  requestsPerMonth?: number;
}

export interface DraftEnvironment {
  stage: string;
  account: string;
  regions: string[];
}

export interface DraftApplication {
  name: string;
  team: string;
  keyAdmins: string[];
  environments: DraftEnvironment[];
  data: DraftDataSet[];
}

export interface Draft {
  organization?: {
    name: string;
    governance: 'recommend' | 'centralized' | 'decentralized' | 'hybrid';
    traits: Trait[];
    securityTeam?: { name: string; keyAdmins: string[] };
  };
  classifications?: { name: string; regulations: string[] }[];
  defaults?: { region: string; rotationDays: number; deletionWindowDays: number };
  applications: DraftApplication[];
}

export const EMPTY_DRAFT: Draft = { applications: [] };

/** Where the interview is within the repeatable sections. */
export interface Cursor {
  application: number;
  environment: number;
  dataSet: number;
}

export function replaceAt<T>(items: readonly T[], index: number, item: T): T[] {
  const next = [...items];
  next[index] = item;
  return next;
}

export function removeAt<T>(items: readonly T[], index: number): T[] {
  return items.filter((_, i) => i !== index);
}

export function currentApplication(draft: Draft, cursor: Cursor): DraftApplication | undefined {
  return draft.applications[cursor.application];
}

export function emptyApplication(): DraftApplication {
  return { name: '', team: '', keyAdmins: [], environments: [], data: [] };
}

/** Names one form of the interview: the step and, for repeatable items, which one (1-based, as shown). */
export function formKey(step: string, cursor: Cursor): string {
  switch (step) {
    case 'application':
      return `application-${cursor.application + 1}`;
    case 'environment':
      return `environment-${cursor.application + 1}-${cursor.environment + 1}`;
    case 'data-set':
      return `data-set-${cursor.application + 1}-${cursor.dataSet + 1}`;
    default:
      return step;
  }
}
