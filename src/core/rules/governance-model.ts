import type { GovernanceModel } from '../plan/schema.js';
import type { Trait } from '../profile/fields.js';
import type { Organization } from '../profile/schema.js';
import { defineRule } from '../rule.js';

const DECENTRALIZING: readonly Trait[] = [
  'autonomous-business-units',
  'agile-teams-central-audit',
  'multiple-regulatory-frameworks',
  'region-constraints',
];
const CENTRALIZING: readonly Trait[] = ['strict-compliance-oversight', 'central-security-function'];

export interface GovernanceDecision {
  model: GovernanceModel;
  rationale: string[];
  approvalRequired: boolean;
}

/** What the seed recommends for these traits, before any explicit choice. */
export function modelFromTraits(traits: readonly Trait[]): { model: GovernanceModel; because: string } {
  const decentral = traits.filter((t) => DECENTRALIZING.includes(t));
  const central = traits.filter((t) => CENTRALIZING.includes(t));
  const productTeamsWithCentralSecurity =
    traits.includes('independent-product-teams') && traits.includes('central-security-function');
  if ((decentral.length > 0 && central.length > 0) || productTeamsWithCentralSecurity) {
    const why = productTeamsWithCentralSecurity
      ? 'independent product teams with a central security team'
      : `traits point both ways (${[...decentral, ...central].join(', ')})`;
    return {
      model: 'hybrid',
      because: `${why}: core key policies are managed centrally, day-to-day key operations by the teams`,
    };
  }
  if (central.length > 0) {
    return { model: 'centralized', because: `${central.join(', ')} call for centralized key management` };
  }
  if (decentral.length > 0) {
    return { model: 'decentralized', because: `${decentral.join(', ')} fit the decentralized approach` };
  }
  return {
    model: 'decentralized',
    because: 'no trait points elsewhere, and decentralized is the approach most organisations fit',
  };
}

export const governanceModelRule = defineRule(
  {
    id: 'governance-model',
    principle: 'governance',
    title: 'Governance model from organisation traits',
    rationale:
      'Decentralized suits autonomous units, agile teams audited centrally, several regulatory frameworks or Region constraints; centralized suits strict compliance oversight or a central security function; both together, or product teams beside a central security team, is hybrid.',
  },
  (context, organization: Organization): GovernanceDecision => {
    const fromTraits = modelFromTraits(organization.traits);
    let model = fromTraits.model;
    const rationale: string[] = [];
    if (organization.governance === 'recommend') {
      rationale.push(`Recommended ${model}: ${fromTraits.because}.`);
    } else {
      model = organization.governance;
      rationale.push(`Chosen explicitly: ${model}.`);
      if (organization.traits.length > 0 && fromTraits.model !== model) {
        rationale.push(`The traits alone would suggest ${fromTraits.model}: ${fromTraits.because}.`);
        context.find({
          severity: 'warning',
          code: 'governance-differs-from-traits',
          message: `Governance is set to ${model}, but the organisation's traits suggest ${fromTraits.model} (${fromTraits.because}). Check that the choice is deliberate.`,
          subject: organization.name,
        });
      }
    }
    if (model === 'hybrid') {
      rationale.push('The central security team signs the plan off and holds PutKeyPolicy and key deletion.');
      if (!organization.securityTeam) {
        context.find({
          severity: 'warning',
          code: 'hybrid-without-security-team',
          message:
            'Hybrid governance needs a central security team to sign off plans and hold PutKeyPolicy and key deletion; none is named, so the application teams keep every administrative action. Add organization.securityTeam.',
          subject: organization.name,
        });
      }
    }
    if (model === 'centralized' && !organization.securityTeam) {
      context.find({
        severity: 'warning',
        code: 'centralized-without-security-team',
        message:
          'Centralized governance needs a central team to administer the keys; none is named, so the application teams administer them. Add organization.securityTeam.',
        subject: organization.name,
      });
    }
    context.because(governanceModelRule, organization.name, rationale.join(' '));
    return { model, rationale, approvalRequired: model === 'hybrid' };
  },
);
