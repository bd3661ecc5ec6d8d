import { slugOf } from '../profile/slug.js';
import { defineRule } from '../rule.js';

export const ALIAS_MAX_LENGTH = 256;
const ALIAS_LEGAL = /^alias\/[a-z0-9/_-]+$/;

/** A name as an alias segment: its slug, which only holds what aliases allow (`[a-z0-9_-]`). */
export function aliasSegment(value: string): string {
  const slug = slugOf(value);
  return slug === '' ? 'x' : slug;
}

export function isLegalAlias(alias: string): boolean {
  return ALIAS_LEGAL.test(alias) && alias.length <= ALIAS_MAX_LENGTH && !alias.startsWith('alias/aws/');
}

export interface AliasRequest {
  /** Aliases are unique per account and region; a multi-Region key needs its alias free in every region. */
  account: string;
  regions: readonly string[];
  application: string;
  stage: string;
  classification: string;
  /** Used only when another key in the same scope would get the same name. */
  distinguisher: string;
  subject: string;
}

function clip(alias: string, suffix = ''): string {
  return alias.slice(0, ALIAS_MAX_LENGTH - suffix.length).replace(/[/-]+$/, '') + suffix;
}

/** DESIGN §4.6: `alias/<application>/<stage>/<classification>[/<distinguisher>]`, unique per scope. */
export const aliasNamingRule = defineRule(
  {
    id: 'alias-naming',
    principle: 'P2',
    title: 'Alias naming',
    rationale:
      'Aliases name the application, stage and classification so a key’s purpose is readable in every console and log; a distinguisher is added only when two keys would otherwise share a name.',
  },
  (context, requests: readonly AliasRequest[], reserved: ReadonlySet<string> = new Set()): string[] => {
    const base = requests.map((r) =>
      clip(`alias/${aliasSegment(r.application)}/${aliasSegment(r.stage)}/${aliasSegment(r.classification)}`),
    );
    const slots = (r: AliasRequest, alias: string) => r.regions.map((region) => `${r.account}|${region}|${alias}`);
    const clashes = new Map<string, number>();
    requests.forEach((r, i) => {
      for (const slot of slots(r, base[i] as string)) clashes.set(slot, (clashes.get(slot) ?? 0) + 1);
    });
    // Slots (`account|region|alias`) already held by keys kept from a previous plan.
    const taken = new Set<string>(reserved);
    return requests.map((r, i) => {
      const plain = base[i] as string;
      let alias = plain;
      if (slots(r, plain).some((slot) => (clashes.get(slot) ?? 0) > 1 || reserved.has(slot))) {
        alias = clip(`${plain}/${aliasSegment(r.distinguisher)}`);
        context.because(
          aliasNamingRule,
          r.subject,
          `another key in the same account and region is also ${plain}, so this one is ${alias}`,
        );
      }
      const stem = alias;
      for (let n = 2; slots(r, alias).some((slot) => taken.has(slot)); n++) alias = clip(stem, `-${n}`);
      for (const slot of slots(r, alias)) taken.add(slot);
      return alias;
    });
  },
);
