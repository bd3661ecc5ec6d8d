import type { Finding, Principle, TrailEntry } from './plan/schema.js';

/**
 * A rule of the recommendation core: one decision the seed's guidance makes, with the principle it
 * comes from and why. Rules are pure; they report what they decided through the context.
 */
export interface RuleMeta {
  id: string;
  /** The seed principle (P1–P4), or 'AWS' for a fact of the service, or 'governance'. */
  principle: Principle | 'AWS' | 'governance';
  title: string;
  rationale: string;
}

export type Rule<I extends unknown[], O> = RuleMeta & { apply: (context: RuleContext, ...input: I) => O };

export function defineRule<I extends unknown[], O>(
  meta: RuleMeta,
  apply: (context: RuleContext, ...input: I) => O,
): Rule<I, O> {
  return { ...meta, apply };
}

/** Collects the trail and findings of one recommend() run, in the order rules made them. */
export class RuleContext {
  readonly trail: TrailEntry[] = [];
  readonly findings: Finding[] = [];

  because(rule: Pick<RuleMeta, 'id'>, subject: string, because: string): void {
    this.trail.push({ ruleId: rule.id, subject, because });
  }

  find(finding: Finding): void {
    this.findings.push(finding);
  }
}
