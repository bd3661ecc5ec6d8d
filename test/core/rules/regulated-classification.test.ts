import { describe, expect, it } from 'vitest';
import { RuleContext } from '../../../src/core/rule.js';
import { regulatedClassificationRule } from '../../../src/core/rules/regulated-classification.js';
import { ACCOUNT, application, dataSet, placementsOfProfile, planOf, profileOf } from '../support.js';

const CLASSIFICATIONS = [
  { name: 'public' },
  { name: 'phi', regulations: ['HIPAA'] },
  { name: 'cardholder', regulations: ['PCI-DSS', 'GDPR'] },
];

describe('regulated-classification (DESIGN §4.4)', () => {
  it('one finding per regulated classification, naming the regulations and the evidence to keep', () => {
    const profile = profileOf(
      [
        application(
          'portal',
          [dataSet('records', { classification: 'phi' }), dataSet('cards', { classification: 'cardholder' })],
          {
            environments: [
              { stage: 'dev', account: ACCOUNT },
              { stage: 'prod', account: ACCOUNT },
            ],
          },
        ),
        application('lab', [
          dataSet('results', { classification: 'phi' }),
          dataSet('site', { classification: 'public' }),
        ]),
      ],
      { classifications: CLASSIFICATIONS },
    );
    const { placements } = placementsOfProfile(profile);
    const context = new RuleContext();
    regulatedClassificationRule.apply(context, placements);
    expect(context.findings.map((f) => [f.code, f.severity, f.subject])).toEqual([
      ['regulated-classification', 'info', 'phi'],
      ['regulated-classification', 'info', 'cardholder'],
    ]);
    const [phi, cardholder] = context.findings;
    expect(phi?.message).toContain('HIPAA');
    expect(phi?.message).toContain('3 data set placement(s)');
    expect(phi?.message).toMatch(/CloudTrail/);
    expect(phi?.message).toMatch(/rotation/);
    expect(cardholder?.message).toContain('PCI-DSS, GDPR');
    expect(context.trail).toEqual([
      { ruleId: 'regulated-classification', subject: 'phi', because: 'regulated by HIPAA' },
      { ruleId: 'regulated-classification', subject: 'cardholder', because: 'regulated by PCI-DSS, GDPR' },
    ]);
  });

  it('no finding without regulations', () => {
    const plan = planOf([application('app', [dataSet('d')])]);
    expect(plan.findings.map((f) => f.code)).not.toContain('regulated-classification');
  });

  it('regulated keys say so in their rationale', () => {
    const plan = planOf([application('app', [dataSet('d', { classification: 'phi' })])], {
      classifications: CLASSIFICATIONS,
    });
    expect(plan.keys[0]?.rationale[0]).toBe('P1 Data classification: holds only phi data (regulated: HIPAA).');
  });
});
