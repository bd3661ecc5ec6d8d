import { z } from 'zod';
import { isAwsRegion, REGION_CODES } from '../aws/regions.js';
import { SERVICE_IDS, SERVICES } from '../aws/services.js';
import { firstUnsafeCharacter } from '../text/terminal-text.js';
import { PROFILE_LIMITS } from './limits.js';
import { slugOf } from './slug.js';

/** Field schemas shared by the profile file and every interview answer, so both validate the same way. */

/** Characters a name may hold: letters and digits of any script, spaces and a little punctuation. */
const NAME_CHARACTER = /[\p{L}\p{N} ._&+'()/,-]/u;
const NAME_PUNCTUATION = ". _ - & + ' ( ) / ,";

/**
 * A display name (application, data set, stage, team, classification): written as people write it,
 * `Billing Service V2` or `Invoices & Receipts`. keyplan derives the identifier for aliases and resource
 * names from it (slugOf), so names that differ only in case or punctuation are the same name.
 */
export const NameSchema = z
  .string()
  .trim()
  .min(1, { error: 'a name cannot be blank' })
  .max(63, { error: 'use at most 63 characters' })
  .superRefine((value, ctx) => {
    const unsafe = firstUnsafeCharacter(value);
    const bad = [...new Set([...value].filter((char) => !NAME_CHARACTER.test(char)))];
    if (unsafe !== null || bad.length > 0) {
      const shown = unsafe ?? bad.map((char) => JSON.stringify(char)).join(' ');
      const suggestion = [...value]
        .map((char) => (NAME_CHARACTER.test(char) ? char : ' '))
        .join('')
        .replace(/\s+/g, ' ')
        .trim();
      ctx.addIssue({
        code: 'custom',
        message: `${JSON.stringify(value)} has characters a name cannot hold (${shown}); use letters, digits, spaces and ${NAME_PUNCTUATION}${slugOf(suggestion) === '' ? '' : `, e.g. ${JSON.stringify(suggestion)}`}`,
      });
    } else if (slugOf(value) === '') {
      ctx.addIssue({
        code: 'custom',
        message: `${JSON.stringify(value)} needs at least one letter or digit from a to z or 0 to 9 (aliases are made from them)`,
      });
    }
  });

export const AccountIdSchema = z
  .string({ error: 'an AWS account id is 12 digits, written as a string (quote it in YAML: "111122223333")' })
  .trim()
  .regex(/^\d{12}$/, { error: 'an AWS account id is exactly 12 digits, e.g. 111122223333' });

export const RegionSchema = z
  .string()
  .trim()
  .refine(isAwsRegion, {
    error: (issue) =>
      `unknown AWS region ${JSON.stringify(issue.input)}; use a region code such as us-east-1 or eu-west-1 (${REGION_CODES.length} are known)`,
  });

export const ServiceIdSchema = z
  .string()
  .trim()
  .transform((value) => value.toLowerCase())
  .refine((value) => SERVICES.has(value), {
    error: (issue) => `unknown service ${JSON.stringify(issue.input)}; known services: ${SERVICE_IDS.join(', ')}`,
  });

const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const IAM_ARN = /^arn:aws(?:-cn|-us-gov)?:iam::\d{12}:(?:root|role\/[\w+=,.@/-]{1,512}|user\/[\w+=,.@/-]{1,512})$/;

/** A key administrator or user: an IAM role name (expanded per account) or a full IAM role/user ARN. */
export const PrincipalRefSchema = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    if (value.includes('*')) {
      ctx.addIssue({
        code: 'custom',
        message: `"${value}" is a wildcard principal; name an IAM role (e.g. AppRole) or a full role ARN instead`,
      });
    } else if (!ROLE_NAME.test(value) && !IAM_ARN.test(value)) {
      ctx.addIssue({
        code: 'custom',
        message: `"${value}" is neither an IAM role name nor an IAM ARN; use a role name such as KeyAdmins or arn:aws:iam::111122223333:role/KeyAdmins`,
      });
    }
  });

export const PrincipalListSchema = z.array(PrincipalRefSchema).max(PROFILE_LIMITS.principalsPerList, {
  error: `list at most ${PROFILE_LIMITS.principalsPerList} principals here; grant access through shared roles instead`,
});

/**
 * Free text that ends up in headings, comments, tags and the terminal (an organisation or team name):
 * any printable text, but no control, bidirectional-override or line-separator characters.
 */
export function labelSchema(max: number, missing: string) {
  return z
    .string()
    .trim()
    .min(1, { error: missing })
    .max(max, { error: `use at most ${max} characters` })
    .superRefine((value, ctx) => {
      const unsafe = firstUnsafeCharacter(value);
      if (unsafe !== null) {
        ctx.addIssue({
          code: 'custom',
          message: `contains the control character ${unsafe}; use plain text on one line (letters, digits, spaces, punctuation)`,
        });
      }
    });
}

export const RotationDaysSchema = z
  .number({ error: 'rotation period is a whole number of days' })
  .int({ error: 'rotation period is a whole number of days' })
  .min(90, { error: 'rotation period must be at least 90 days (AWS KMS allows 90–2560)' })
  .max(2560, { error: 'rotation period must be at most 2560 days (AWS KMS allows 90–2560)' });

export const DeletionWindowSchema = z
  .number()
  .int()
  .min(7, { error: 'deletion waiting period must be 7–30 days' })
  .max(30, { error: 'deletion waiting period must be 7–30 days' });

export const GOVERNANCE_CHOICES = ['recommend', 'centralized', 'decentralized', 'hybrid'] as const;
export const GovernanceChoiceSchema = z.enum(GOVERNANCE_CHOICES, {
  error: `governance must be one of ${GOVERNANCE_CHOICES.join(', ')}`,
});

/** Organisation traits from the seed's scenarios (shared/DESIGN.md §4.1). */
export const TRAITS = {
  'autonomous-business-units': 'Autonomous business units, or governance controls that oversee key usage',
  'agile-teams-central-audit': 'Agile development teams whose key ownership can be audited centrally',
  'multiple-regulatory-frameworks': 'We operate under several regulatory frameworks',
  'region-constraints': 'We must operate in particular AWS Regions',
  'strict-compliance-oversight': 'We need strict compliance oversight and central management',
  'central-security-function': 'We have a central security or data protection function',
  'independent-product-teams': 'We have independent product teams',
} as const;
export type Trait = keyof typeof TRAITS;
export const TRAIT_IDS = Object.keys(TRAITS) as Trait[];
export const TraitSchema = z.enum(TRAIT_IDS as [Trait, ...Trait[]], {
  error: `unknown trait; choose from ${TRAIT_IDS.join(', ')}`,
});

export const ACCESS_MODES = ['service', 'direct'] as const;
export const AccessSchema = z.enum(ACCESS_MODES, {
  error: 'access is "service" (used through AWS services) or "direct" (the application calls KMS itself)',
});

export const RegulationSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9 ._/()-]*$/, { error: 'a regulation name like PCI-DSS, HIPAA or GDPR' });
