import { z } from 'zod';
import { PUBLISHER_IDS, type Publisher } from '../aws/integrations.js';
import {
  AccessSchema,
  AccountIdSchema,
  DeletionWindowSchema,
  GovernanceChoiceSchema,
  labelSchema,
  NameSchema,
  PrincipalListSchema,
  RegionSchema,
  RegulationSchema,
  RotationDaysSchema,
  ServiceIdSchema,
  TraitSchema,
} from './fields.js';
import { PROFILE_LIMITS, profileTotalIssues } from './limits.js';

export const DEFAULT_CLASSIFICATIONS = [
  { name: 'public', regulations: [] },
  { name: 'internal', regulations: [] },
  { name: 'confidential', regulations: [] },
  { name: 'restricted', regulations: [] },
] as const;

export const SecurityTeamSchema = z.strictObject({
  name: labelSchema(64, 'name the security team, e.g. cloud-security'),
  keyAdmins: PrincipalListSchema.min(1, { error: 'name at least one role of the security team' }),
});

export const OrganizationSchema = z.strictObject({
  name: labelSchema(128, 'name the organisation'),
  governance: GovernanceChoiceSchema.default('recommend'),
  traits: z.array(TraitSchema).default([]),
  securityTeam: SecurityTeamSchema.optional(),
  /** The accounts share one consolidated bill (AWS Organizations): the KMS free tier is counted once. */
  consolidatedBilling: z.boolean({ error: 'consolidatedBilling is true or false' }).default(false),
});

export const PublisherSchema = z.enum(PUBLISHER_IDS as [Publisher, ...Publisher[]], {
  error: `unknown publisher; publishers are AWS services that publish to the topic or queue: ${PUBLISHER_IDS.join(', ')}`,
});

/** A CloudFront distribution id (expanded with the environment's account) or its full ARN. */
export const DistributionSchema = z
  .string()
  .trim()
  .regex(/^(E[A-Z0-9]{5,31}|arn:aws(-cn)?:cloudfront::\d{12}:distribution\/E[A-Z0-9]{5,31})$/, {
    error:
      'a CloudFront distribution id such as E2QWRUHAPOMQZL, or its ARN arn:aws:cloudfront::111122223333:distribution/E2QWRUHAPOMQZL',
  });

export const ClassificationSchema = z.strictObject({
  name: NameSchema,
  regulations: z
    .array(RegulationSchema)
    .max(PROFILE_LIMITS.regulationsPerClassification, {
      error: `list at most ${PROFILE_LIMITS.regulationsPerClassification} regulations per classification`,
    })
    .default([]),
});

export const DefaultsSchema = z.strictObject({
  region: RegionSchema.default('us-east-1'),
  rotationDays: RotationDaysSchema.default(365),
  deletionWindowDays: DeletionWindowSchema.default(30),
});

export const EnvironmentSchema = z.strictObject({
  stage: NameSchema,
  account: AccountIdSchema,
  /** Omitted: the profile's default region. The first region holds a multi-Region key's primary. */
  regions: z
    .array(RegionSchema)
    .min(1, { error: 'list at least one region, or leave regions out' })
    .max(PROFILE_LIMITS.regionsPerEnvironment, {
      error: `list at most ${PROFILE_LIMITS.regionsPerEnvironment} regions per environment`,
    })
    .optional(),
});

export const NeedsSchema = z.strictObject({
  control: z.boolean().default(true),
  audit: z.boolean().default(true),
  byok: z.boolean().default(false),
  multiRegion: z.boolean().default(false),
  rotationDays: RotationDaysSchema.optional(),
});

export const DataSetSchema = z.strictObject({
  name: NameSchema,
  classification: NameSchema,
  services: z.array(ServiceIdSchema).min(1, { error: 'name at least one AWS service that holds or handles this data' }),
  keyUsers: PrincipalListSchema.default([]),
  keyAdmins: PrincipalListSchema.min(1, { error: 'leave keyAdmins out to use the application’s' }).optional(),
  needs: NeedsSchema.default({ control: true, audit: true, byok: false, multiRegion: false }),
  access: AccessSchema.default('service'),
  requestsPerMonth: z.number().int().min(0, { error: 'requests per month cannot be negative' }).optional(),
  /** AWS services that publish to this data set's SNS topics or SQS queues (they need the key). */
  publishers: z
    .array(PublisherSchema)
    .max(PUBLISHER_IDS.length, { error: `list each publisher once (${PUBLISHER_IDS.join(', ')})` })
    .optional(),
  /** CloudFront distributions that read this data set's S3 objects through origin access control. */
  cloudFrontDistributions: z
    .array(DistributionSchema)
    .min(1, { error: 'list at least one distribution, or leave cloudFrontDistributions out' })
    .max(100, { error: 'list at most 100 distributions; a key policy naming more would approach KMS’s 32 KB limit' })
    .optional(),
  /** EC2 Auto Scaling launches instances with this data set's EBS volumes (its service-linked role needs the key). */
  autoScaling: z.boolean({ error: 'autoScaling is true or false' }).optional(),
});

export const ApplicationSchema = z.strictObject({
  name: NameSchema,
  team: labelSchema(64, 'name the team that owns the application'),
  keyAdmins: PrincipalListSchema.min(1, {
    error: 'name at least one key administrator role (e.g. KeyAdmins): keys need an owner',
  }),
  environments: z
    .array(EnvironmentSchema)
    .min(1, { error: 'add at least one environment (stage and account)' })
    .max(PROFILE_LIMITS.environmentsPerApplication, {
      error: `list at most ${PROFILE_LIMITS.environmentsPerApplication} environments per application`,
    }),
  data: z
    .array(DataSetSchema)
    .min(1, { error: 'add at least one data set to protect' })
    .max(PROFILE_LIMITS.dataSetsPerApplication, {
      error: `list at most ${PROFILE_LIMITS.dataSetsPerApplication} data sets per application; split large applications`,
    }),
});

export const ProfileInputSchema = z
  .strictObject({
    organization: OrganizationSchema,
    classifications: z
      .array(ClassificationSchema)
      .min(1, { error: 'list at least one classification, or leave classifications out to use the defaults' })
      .max(PROFILE_LIMITS.classifications, { error: `list at most ${PROFILE_LIMITS.classifications} classifications` })
      .optional(),
    defaults: DefaultsSchema.default({ region: 'us-east-1', rotationDays: 365, deletionWindowDays: 30 }),
    applications: z
      .array(ApplicationSchema)
      .min(1, { error: 'add at least one application' })
      .max(PROFILE_LIMITS.applications, {
        error: `keyplan plans at most ${PROFILE_LIMITS.applications} applications at once; split the profile by business unit`,
      }),
  })
  .superRefine((profile, ctx) => {
    for (const issue of profileTotalIssues(profile.applications)) {
      ctx.addIssue({ code: 'custom', path: [issue.path], message: `${issue.message} — ${issue.hint}` });
    }
  });

export type ProfileInput = z.input<typeof ProfileInputSchema>;
export type Organization = z.output<typeof OrganizationSchema>;
export type Classification = z.output<typeof ClassificationSchema>;
export type Defaults = z.output<typeof DefaultsSchema>;
export type Needs = z.output<typeof NeedsSchema>;
export type DataSet = z.output<typeof DataSetSchema>;
export type Environment = Omit<z.output<typeof EnvironmentSchema>, 'regions'> & { regions: string[] };
export type Application = Omit<z.output<typeof ApplicationSchema>, 'environments'> & { environments: Environment[] };

/** A validated profile with every default filled in: what recommend() takes. */
export interface Profile {
  organization: Organization;
  classifications: Classification[];
  defaults: Defaults;
  applications: Application[];
}
