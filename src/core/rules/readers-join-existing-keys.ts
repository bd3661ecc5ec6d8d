import { defineRule } from '../rule.js';
import type { KeyGroup } from './key-boundaries.js';

export interface ReadersJoinInput {
  group: KeyGroup;
  keyId: string;
  alias: string;
  /** Every user of the key in this plan. */
  users: readonly string[];
}

/**
 * In a review, a new reader of a data set that already has a key is added to that key's policy:
 * moving the data to a new key would mean re-encrypting or copying RDS, EBS and Redshift data for a
 * change in who reads it. Splitting by reader set applies to the first plan only. The cost is that
 * the new reader can decrypt every data set on the key: the finding names who gains what.
 */
export const readersJoinExistingKeysRule = defineRule(
  {
    id: 'readers-join-existing-keys',
    principle: 'P4',
    title: 'New readers join the existing key',
    rationale:
      'Keys are split by reader set when first planned; later, a reader added to a data set joins its key, because moving data to a new key means re-encrypting it. The plan says who gains decrypt on which data sets.',
  },
  (context, input: ReadersJoinInput): void => {
    const joined = input.group.placements.filter((p) => p.previousKeyId !== undefined);
    if (joined.length === 0) return;
    const before = new Set(joined.flatMap((p) => p.previousKeyUsers ?? []));
    const dataSets = input.group.placements.map((p) => p.dataSet);
    // A user of the key who was not one before gains decrypt on every data set the key holds.
    const gains = input.users.filter((user) => !before.has(user)).map((user) => ({ user, on: dataSets }));
    if (gains.length === 0) return;
    context.find({
      severity: 'warning',
      code: 'reader-added-to-existing-key',
      message: `${input.alias} keeps its data sets (no re-encryption): ${gains.map((g) => `${g.user} gains decrypt on ${g.on.join(', ')}`).join('; ')}. A new reader of a data set that already has a key is added to that key’s policy; if a reader must not see the other data sets on the key, move the data set it needs to a key of its own (RDS, EBS and Redshift data then have to be re-encrypted or copied).`,
      subject: input.keyId,
    });
    context.because(
      readersJoinExistingKeysRule,
      input.keyId,
      `readers added since the previous plan join ${input.alias}`,
    );
  },
);
