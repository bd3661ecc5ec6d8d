import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeDiff, diffPlans, type Profile, recommend } from '../../src/core/index.js';
import { readProfileText } from '../../src/profile-text.js';

const retail = (): Profile => readProfileText(readFileSync('examples/retail.yaml', 'utf8'));

/** A review: the approved plan, the answers changed, the new plan made with the approved one as `previous`. */
function review(change: (profile: Profile) => void) {
  const approved = recommend(retail());
  const profile = retail();
  change(profile);
  const next = recommend(profile, { previous: approved });
  return {
    approved,
    next,
    diff: diffPlans(approved, next),
    lines: describeDiff(diffPlans(approved, next), 'the approved plan'),
  };
}

describe('plan diff across a review', () => {
  it('says nothing changed when nothing did', () => {
    const { lines } = review(() => undefined);
    expect(lines).toEqual(['No key changed since the approved plan.']);
  });

  it('adds a new reader to the existing key’s policy: same key and alias, no re-encryption', () => {
    const { diff, next, lines } = review((p) => {
      p.applications[0]?.data[1]?.keyUsers.push('auditor');
    });
    expect(diff.added).toEqual([]);
    expect(diff.moved).toEqual([]);
    expect(diff.changed).toEqual([
      expect.objectContaining({
        alias: 'alias/storefront/prod/confidential',
        changes: expect.arrayContaining([expect.stringMatching(/users: \+.*auditor/)]),
      }),
    ]);
    expect(next.findings.some((f) => f.code === 'reader-added-to-existing-key' && /auditor/.test(f.message))).toBe(
      true,
    );
    expect(lines.join('\n')).not.toMatch(/Re-encrypt/);
  });

  it('moves a data set whose classification changed to a new key, advising re-encryption and its cost, and retires the old key', () => {
    const { diff, lines } = review((p) => {
      const catalog = p.applications[0]?.data[0];
      if (catalog) catalog.classification = 'confidential';
    });
    expect(diff.moved).toEqual([
      expect.objectContaining({
        dataSet: 'product-catalog',
        from: 'alias/storefront/prod/public',
        because: ['classification public → confidential'],
      }),
    ]);
    expect(diff.removed.map((k) => k.alias)).toEqual(['alias/storefront/prod/public']);
    const text = lines.join('\n');
    expect(text).toMatch(
      /Re-encrypt product-catalog: its classification public → confidential.*S3: copy the objects.*\$1\/month/,
    );
    expect(text).toMatch(
      /Retire alias\/storefront\/prod\/public .*Schedule its deletion .* only once the data encrypted under it is re-encrypted or gone/,
    );
  });

  it('names why a key was added', () => {
    const { diff } = review((p) => {
      p.applications[0]?.environments.push({ stage: 'dev', account: '444455556666', regions: ['us-east-1'] });
    });
    expect(diff.added.length).toBeGreaterThan(0);
    expect(diff.added.every((k) => k.why.length > 0)).toBe(true);
    expect(diff.moved).toEqual([]);
  });
});
