import { describe, expect, it } from 'vitest';
import { RuleContext } from '../../../src/core/rule.js';
import { TAG_VALUE_MAX_LENGTH, type TagInput, tagsRule, tagValue } from '../../../src/core/rules/tags.js';
import { application, dataSet, keyOf, planOf } from '../support.js';

const LEGAL = /^[\p{L}\p{N}\p{Zs}_.:/=+\-@]*$/u;

function tags(extra: Partial<TagInput> = {}) {
  return tagsRule.apply(new RuleContext(), {
    application: 'storefront',
    stage: 'prod',
    classification: 'confidential',
    owner: 'web',
    dataSets: ['customer-records'],
    ...extra,
  });
}

/** Data set names as the profile allows them: up to 63 characters. */
function names(count: number, length = 20): string[] {
  return Array.from({ length: count }, (_, i) => `${String(i).padStart(3, '0')}-${'x'.repeat(length - 4)}`);
}

describe('tags (DESIGN §4.6)', () => {
  it('has the six keys, ManagedBy=keyplan', () => {
    expect(tags()).toEqual({
      Application: 'storefront',
      Stage: 'prod',
      Classification: 'confidential',
      Owner: 'web',
      DataSets: 'customer-records',
      ManagedBy: 'keyplan',
    });
  });

  it.each([
    ['Web Team #1', 'Web Team -1'],
    ['team (payments)', 'team -payments-'],
    ['ops@example.com', 'ops@example.com'],
    ['a/b:c=d+e_f.g-h', 'a/b:c=d+e_f.g-h'],
    ['Équipe Données', 'Équipe Données'],
    ['  padded  ', 'padded'],
    ['semi;colon,comma', 'semi-colon-comma'],
    ['emoji 🔑 owner', 'emoji - owner'],
  ])('owner %j becomes the legal value %j', (owner, expected) => {
    const value = tags({ owner }).Owner ?? '';
    expect(value).toBe(expected);
    expect(value).toMatch(LEGAL);
  });

  it('tagValue keeps values within 256 characters', () => {
    expect(tagValue('a'.repeat(300))).toHaveLength(TAG_VALUE_MAX_LENGTH);
    expect(tagValue(`${'a'.repeat(255)} b`)).toBe('a'.repeat(255));
    expect(tagValue('a'.repeat(256))).toHaveLength(256);
  });

  it('lists data sets separated by spaces when they fit', () => {
    expect(tags({ dataSets: ['orders', 'invoices', 'refunds'] }).DataSets).toBe('orders invoices refunds');
  });

  it('keeps a list of exactly 256 characters whole', () => {
    const list = [...names(12), 'y'.repeat(4)];
    expect(list.join(' ')).toHaveLength(256);
    expect(tags({ dataSets: list }).DataSets).toBe(list.join(' '));
  });

  it.each([13, 40, 200])('truncates a long list of %i names legibly: whole names, then how many more', (count) => {
    const list = names(count);
    const value = tags({ dataSets: list }).DataSets ?? '';
    expect(value.length).toBeLessThanOrEqual(TAG_VALUE_MAX_LENGTH);
    expect(value).toMatch(LEGAL);
    const match = /^(.*) \+(\d+) more$/.exec(value);
    expect(match).not.toBeNull();
    const kept = (match?.[1] ?? '').split(' ');
    expect(kept).toEqual(list.slice(0, kept.length));
    expect(kept.length + Number(match?.[2])).toBe(count);
    expect(kept.length).toBeGreaterThan(0);
  });

  it('truncates lists of the longest names legibly', () => {
    const list = names(30, 63);
    const value = tags({ dataSets: list }).DataSets ?? '';
    expect(value.length).toBeLessThanOrEqual(TAG_VALUE_MAX_LENGTH);
    expect(value).toMatch(/^(\S{63} ){3}\+27 more$/);
  });

  it('the plan tags customer managed keys only, with the team as Owner', () => {
    const plan = planOf([
      application('storefront', [
        dataSet('orders'),
        dataSet('invoices'),
        dataSet('logs', { classification: 'internal', needs: { control: false, audit: true } }),
      ]),
    ]);
    expect(keyOf(plan, 'orders').tags).toEqual({
      Application: 'storefront',
      Stage: 'prod',
      Classification: 'confidential',
      Owner: 'storefront-team',
      DataSets: 'orders invoices',
      ManagedBy: 'keyplan',
    });
    expect(keyOf(plan, 'logs').tags).toEqual({});
  });
});
