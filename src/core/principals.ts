import { type AwsRegion, partitionOf } from './aws/regions.js';

const ARN_ACCOUNT = /^arn:[a-z-]+:iam::(\d{12}):/;

/** Expands a role name to `arn:<partition>:iam::<account>:role/<name>`; full ARNs pass through. */
export function resolvePrincipal(ref: string, account: string, region: AwsRegion): string {
  if (ref.startsWith('arn:')) return ref;
  return `arn:${partitionOf(region)}:iam::${account}:role/${ref}`;
}

export function resolvePrincipals(refs: readonly string[], account: string, region: AwsRegion): string[] {
  return normalizeSet(refs.map((ref) => resolvePrincipal(ref, account, region)));
}

export function accountRootArn(account: string, region: AwsRegion): string {
  return `arn:${partitionOf(region)}:iam::${account}:root`;
}

/** The account an IAM ARN belongs to, or undefined for a bare role name. */
export function accountOfArn(arn: string): string | undefined {
  return ARN_ACCOUNT.exec(arn)?.[1];
}

/** Sets compare regardless of order and duplicates (DESIGN §4.2). */
export function normalizeSet(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}
