import { createHash } from 'node:crypto';
import type { Plan } from '../core/index.js';
import { canonicalJson } from '../store/audit-chain.js';

/** The plan's content hash: what an approval binds to, shown in the request and carried by the exports. */
export function planHash(plan: Plan): string {
  return createHash('sha256').update(canonicalJson(plan)).digest('hex');
}

/** The first characters people compare by eye. */
export const shortHash = (hash: string) => hash.slice(0, 12);
