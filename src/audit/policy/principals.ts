import type { PolicyStatementView } from './document.js';

/** The root of the key's own account: policy section 4.5 (a), kept for IAM delegation and lockout safety. */
export function isAccountRoot(principal: string, account: string | null): boolean {
  if (account === null) return /^arn:[a-z-]+:iam::\d{12}:root$/.test(principal);
  return principal === account || new RegExp(`^arn:[a-z-]+:iam::${account}:root$`).test(principal);
}

/** Label for the `"*"` principal in findings and principal sets. */
export const EVERYONE = '*';

/** Every principal a statement names, as one flat list: AWS ARNs, service principals, federated, `*`. */
export function principalsOf(statement: PolicyStatementView): string[] {
  const { principals } = statement;
  return [
    ...(principals.wildcard ? [EVERYONE] : []),
    ...principals.aws,
    ...principals.service,
    ...principals.federated,
    ...principals.canonicalUser,
  ];
}

/** Principals of an Allow statement other than the key account's root. */
export function nonRootPrincipals(statement: PolicyStatementView, account: string | null): string[] {
  return principalsOf(statement).filter((principal) => !isAccountRoot(principal, account));
}
