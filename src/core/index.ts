/** The recommendation core's public surface: pure, no I/O, no project imports outside src/core. */

export { APPROVAL_TAG, describeApproval, stampApproval } from './approval-stamp.js';
export { AWS_REGIONS, type AwsRegion, isAwsRegion, REGION_CODES } from './aws/regions.js';
export { type AwsService, SERVICE_IDS, SERVICES, serviceById } from './aws/services.js';
export { describeIssues, type FieldIssue, formatPath, KeyplanError, type KeyplanErrorCode } from './errors.js';
export * from './plan/schema.js';
export { describeDiff, diffPlans, type KeyChange, type KeyMention, type PlanDiff } from './plan-diff.js';
export * from './profile/fields.js';
export * from './profile/schema.js';
export { slugOf } from './profile/slug.js';
export { type ProfileResult, parseProfile, validateProfile } from './profile/validate.js';
export { recommend } from './recommend.js';
