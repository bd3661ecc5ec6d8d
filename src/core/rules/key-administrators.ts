import type { AwsRegion } from '../aws/regions.js';
import type { GovernanceModel } from '../plan/schema.js';
import { resolvePrincipals } from '../principals.js';
import type { Application, DataSet, Organization } from '../profile/schema.js';
import { defineRule } from '../rule.js';

export interface KeyAdministrators {
  /** Day-to-day administrators (the application team's, or the central team's under centralized). */
  team: string[];
  /** The central security team's principals: under hybrid they hold PutKeyPolicy and deletion. */
  security: string[];
  /** The application's own administrators, where the central team administers instead (centralized). */
  replaced?: string[];
}

/** Who administers a data set's key, by governance model (Principle 4 and DESIGN §4.5 b). */
export const keyAdministratorsRule = defineRule(
  {
    id: 'key-administrators',
    principle: 'P4',
    title: 'Key administrators by governance model',
    rationale:
      'Distinct administrators mean distinct keys. Decentralized: the application team administers its keys. Centralized: the central team does. Hybrid: the team runs day-to-day operations and the central security team holds the key policy and deletion.',
  },
  (
    _context,
    model: GovernanceModel,
    organization: Organization,
    application: Application,
    dataSet: DataSet,
    account: string,
    region: AwsRegion,
  ): KeyAdministrators => {
    const teamRefs = dataSet.keyAdmins ?? application.keyAdmins;
    const securityRefs = organization.securityTeam?.keyAdmins ?? [];
    if (model === 'centralized' && securityRefs.length > 0) {
      const central = resolvePrincipals(securityRefs, account, region);
      const replaced = resolvePrincipals(teamRefs, account, region).filter((arn) => !central.includes(arn));
      return { team: central, security: [], replaced };
    }
    return {
      team: resolvePrincipals(teamRefs, account, region),
      security: model === 'hybrid' ? resolvePrincipals(securityRefs, account, region) : [],
      replaced: [],
    };
  },
);
