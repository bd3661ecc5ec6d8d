import type { FieldIssue } from '../errors.js';

/**
 * Upper bounds on a profile, so a hostile or mistaken file ends in a clear error instead of exhausting
 * memory: the plan grows with data sets × environments × regions, and each key policy with its
 * principals. The largest real organisations stay well inside them (the benchmark's 1,000 applications
 * with 3 stages and 4 data sets each make 12,000 placements); a profile at every limit at once plans in
 * about 0.7 GB of memory (measured with --format json). README.md, "Limits", lists them.
 */
export const PROFILE_LIMITS = {
  applications: 1000,
  environmentsPerApplication: 50,
  regionsPerEnvironment: 40,
  dataSetsPerApplication: 200,
  dataSets: 10_000,
  principalsPerList: 1000,
  classifications: 50,
  regulationsPerClassification: 20,
  /** One data set in one environment and region: what becomes (part of) a key. */
  placements: 15_000,
  /** Each key administrator and user, counted once per placement of its data set: policy entries. */
  principalPlacements: 150_000,
} as const;

interface SizedDataSet {
  keyUsers: readonly unknown[];
  keyAdmins?: readonly unknown[] | undefined;
}

interface SizedApplication {
  keyAdmins: readonly unknown[];
  environments: ReadonlyArray<{ regions?: readonly unknown[] | undefined }>;
  data: readonly SizedDataSet[];
}

const count = (n: number) => n.toLocaleString('en-US');

/** Totals across the whole profile; the per-list bounds are on the schemas themselves. */
export function profileTotalIssues(applications: readonly SizedApplication[]): FieldIssue[] {
  let dataSets = 0;
  let placements = 0;
  let principalPlacements = 0;
  for (const app of applications) {
    const perDataSet = app.environments.reduce((sum, env) => sum + Math.max(1, env.regions?.length ?? 1), 0);
    for (const data of app.data) {
      dataSets += 1;
      placements += perDataSet;
      principalPlacements += perDataSet * (data.keyUsers.length + (data.keyAdmins ?? app.keyAdmins).length);
    }
  }
  const issues: FieldIssue[] = [];
  const hint = 'split the organisation into several profiles (one per business unit or account group)';
  if (dataSets > PROFILE_LIMITS.dataSets) {
    issues.push({
      path: 'applications',
      message: `the profile has ${count(dataSets)} data sets; keyplan plans at most ${count(PROFILE_LIMITS.dataSets)} at once`,
      hint,
    });
  }
  if (placements > PROFILE_LIMITS.placements) {
    issues.push({
      path: 'applications',
      message: `the profile places data sets in ${count(placements)} environment-regions (data sets × environments × regions); keyplan plans at most ${count(PROFILE_LIMITS.placements)} at once`,
      hint,
    });
  }
  if (principalPlacements > PROFILE_LIMITS.principalPlacements) {
    issues.push({
      path: 'applications',
      message: `the key policies would name principals ${count(principalPlacements)} times (key users and administrators × environment-regions); keyplan allows at most ${count(PROFILE_LIMITS.principalPlacements)}`,
      hint: `${hint}, or grant access through fewer, shared roles`,
    });
  }
  return issues;
}
