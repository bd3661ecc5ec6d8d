import { displayName, isGovernedKey } from '../model/key-scope.js';
import { cliKey, sh, tfImportNote, tfName } from './snippets.js';
import type { KeyCheck } from './types.js';

/** The tags that say whose key it is and what it protects (DESIGN.md §4.6). */
export const OWNERSHIP_TAGS = ['Application', 'Classification', 'Owner'] as const;

/** Tag keys compared without case, so `owner` satisfies `Owner`; an empty value counts as missing. */
export function missingOwnershipTags(tags: Readonly<Record<string, string>>): string[] {
  const present = new Set(
    Object.entries(tags)
      .filter(([, value]) => value.trim() !== '')
      .map(([name]) => name.toLowerCase()),
  );
  return OWNERSHIP_TAGS.filter((tag) => !present.has(tag.toLowerCase()));
}

export const missingOwnershipTagsCheck: KeyCheck = {
  id: 'missing-ownership-tags',
  title: 'Ownership tags missing',
  severity: 'warning',
  rationale:
    'Without Application, Classification and Owner tags nobody can tell who answers for a key, what data ' +
    'it protects, or whether it may be deleted; reviews and cost reports then stall on guesswork.',
  evaluate(key) {
    if (!isGovernedKey(key) || key.tags === null) return [];
    const missing = missingOwnershipTags(key.tags);
    if (missing.length === 0) return [];
    return [{ message: `${displayName(key)} has no ${missing.join(', ')} tag${missing.length > 1 ? 's' : ''}` }];
  },
  remediation(key, { region }) {
    const missing = key.tags === null ? [...OWNERSHIP_TAGS] : missingOwnershipTags(key.tags);
    const tags = missing.map((tag) => sh(`TagKey=${tag},TagValue=<${tag.toLowerCase()}>`)).join(' ');
    return {
      cli: `aws kms tag-resource ${cliKey(key, region)} --tags ${tags}`,
      terraform: [
        tfImportNote(key),
        `resource "aws_kms_key" "${tfName(key)}" {`,
        '  tags = {',
        ...missing.map((tag) => `    ${tag} = "<${tag.toLowerCase()}>"`),
        '  }',
        '}',
      ].join('\n'),
    };
  },
};
