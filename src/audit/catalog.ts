import { ALL_CHECKS } from './checks/index.js';
import { DRIFT_RULES } from './drift/index.js';
import { MISSING_KEY, UNEXPLAINED_KEY } from './drift/presence.js';

export interface CatalogEntry {
  id: string;
  title: string;
  rationale: string;
}

/** Title and rationale of every check and drift rule, by id, for reports and chat summaries. */
export const CHECK_CATALOG: ReadonlyMap<string, CatalogEntry> = new Map(
  [...ALL_CHECKS, ...DRIFT_RULES, MISSING_KEY, UNEXPLAINED_KEY].map(({ id, title, rationale }) => [
    id,
    { id, title, rationale },
  ]),
);

export function titleOf(checkId: string): string {
  return CHECK_CATALOG.get(checkId)?.title ?? checkId;
}
