import { describe, expect, it } from 'vitest';
import type { GovernanceModel, Organization, Trait } from '../../../src/core/index.js';
import { RuleContext } from '../../../src/core/rule.js';
import { governanceModelRule, modelFromTraits } from '../../../src/core/rules/governance-model.js';
import { application, dataSet, planOf } from '../support.js';

const SECURITY = { name: 'cloud-security', keyAdmins: ['SecurityKeyAdmins'] };

function organization(extra: Partial<Organization> = {}): Organization {
  return { name: 'Org', governance: 'recommend', traits: [], consolidatedBilling: false, ...extra };
}

function decide(extra: Partial<Organization> = {}) {
  const context = new RuleContext();
  const decision = governanceModelRule.apply(context, organization(extra));
  return { decision, context };
}

describe('governance-model: model from traits (DESIGN §4.1)', () => {
  const table: [Trait[], GovernanceModel][] = [
    [['autonomous-business-units'], 'decentralized'],
    [['agile-teams-central-audit'], 'decentralized'],
    [['multiple-regulatory-frameworks'], 'decentralized'],
    [['region-constraints'], 'decentralized'],
    [
      [
        'autonomous-business-units',
        'agile-teams-central-audit',
        'multiple-regulatory-frameworks',
        'region-constraints',
      ],
      'decentralized',
    ],
    [['strict-compliance-oversight'], 'centralized'],
    [['central-security-function'], 'centralized'],
    [['strict-compliance-oversight', 'central-security-function'], 'centralized'],
    [['autonomous-business-units', 'strict-compliance-oversight'], 'hybrid'],
    [['region-constraints', 'central-security-function'], 'hybrid'],
    [['multiple-regulatory-frameworks', 'agile-teams-central-audit', 'strict-compliance-oversight'], 'hybrid'],
    [['independent-product-teams', 'central-security-function'], 'hybrid'],
    [['central-security-function', 'independent-product-teams'], 'hybrid'],
    [['independent-product-teams', 'strict-compliance-oversight'], 'centralized'],
    [['independent-product-teams'], 'decentralized'],
    [['independent-product-teams', 'autonomous-business-units'], 'decentralized'],
    [[], 'decentralized'],
  ];

  it.each(table)('%j → %s', (traits, model) => {
    expect(modelFromTraits(traits).model).toBe(model);
    const { decision, context } = decide({ traits, securityTeam: SECURITY });
    expect(decision.model).toBe(model);
    expect(decision.approvalRequired).toBe(model === 'hybrid');
    expect(decision.rationale[0]).toMatch(new RegExp(`^Recommended ${model}: `));
    expect(context.findings).toEqual([]);
    expect(context.trail).toEqual([expect.objectContaining({ ruleId: 'governance-model', subject: 'Org' })]);
  });

  it('with no traits it recommends decentralized, the seed’s default', () => {
    const { decision } = decide();
    expect(decision.model).toBe('decentralized');
    expect(decision.approvalRequired).toBe(false);
    expect(decision.rationale.join(' ')).toMatch(/most organisations/);
  });
});

describe('governance-model: explicit choice', () => {
  const explicit: [GovernanceModel, Trait[], boolean][] = [
    ['centralized', ['autonomous-business-units'], true],
    ['decentralized', ['strict-compliance-oversight'], true],
    ['hybrid', ['region-constraints'], true],
    ['decentralized', ['independent-product-teams', 'central-security-function'], true],
    ['centralized', ['central-security-function'], false],
    ['hybrid', ['autonomous-business-units', 'central-security-function'], false],
    ['decentralized', [], false],
    ['centralized', [], false],
  ];

  it.each(explicit)('governance %s with traits %j wins (finding: %s)', (model, traits, disagrees) => {
    const { decision, context } = decide({ governance: model, traits, securityTeam: SECURITY });
    expect(decision.model).toBe(model);
    expect(decision.approvalRequired).toBe(model === 'hybrid');
    expect(decision.rationale[0]).toBe(`Chosen explicitly: ${model}.`);
    const codes = context.findings.map((f) => f.code);
    expect(codes.includes('governance-differs-from-traits')).toBe(disagrees);
    if (disagrees) {
      const finding = context.findings.find((f) => f.code === 'governance-differs-from-traits');
      expect(finding).toMatchObject({ severity: 'warning', subject: 'Org' });
      expect(finding?.message).toContain(`set to ${model}`);
      expect(finding?.message).toContain(`suggest ${modelFromTraits(traits).model}`);
    }
  });
});

describe('governance-model: security team', () => {
  it('hybrid without a security team is a finding', () => {
    const { decision, context } = decide({ traits: ['independent-product-teams', 'central-security-function'] });
    expect(decision.model).toBe('hybrid');
    expect(decision.approvalRequired).toBe(true);
    expect(context.findings).toEqual([
      expect.objectContaining({ code: 'hybrid-without-security-team', severity: 'warning', subject: 'Org' }),
    ]);
  });

  it('hybrid with a security team has no such finding', () => {
    const { context } = decide({ governance: 'hybrid', securityTeam: SECURITY });
    expect(context.findings).toEqual([]);
  });

  it('centralized without a central team is a finding', () => {
    const { context } = decide({ governance: 'centralized' });
    expect(context.findings.map((f) => f.code)).toEqual(['centralized-without-security-team']);
  });

  it('the plan carries the decision', () => {
    const plan = planOf([application('app', [dataSet('d')])], {
      organization: { name: 'Org', traits: ['strict-compliance-oversight'], securityTeam: SECURITY },
    });
    expect(plan.governance).toMatchObject({ model: 'centralized', approvalRequired: false });
  });
});
