/** Errors a user can act on: a stable code, the field path when there is one, and how to fix it. */
export interface FieldIssue {
  /** Path in the profile, e.g. `applications[1].environments[0].account`; empty for the whole document. */
  path: string;
  message: string;
  hint?: string;
}

export type KeyplanErrorCode =
  | 'PROFILE_INVALID'
  | 'PROFILE_UNREADABLE'
  | 'PLAN_INVALID'
  | 'USAGE'
  | 'CONFIG_INVALID'
  | 'STORE_CONFLICT'
  | 'NOT_FOUND'
  | 'AWS_CREDENTIALS'
  | 'AWS_ACCESS'
  /** A remote endpoint (KMS, STS) failed or answered something that is not an answer. */
  | 'ENDPOINT_FAILED'
  /** The database cannot be used: unreachable, read-only, full. */
  | 'STORE_UNAVAILABLE'
  /** An output file or folder cannot be written. */
  | 'OUTPUT_FAILED'
  | 'INTERNAL';

export class KeyplanError extends Error {
  readonly code: KeyplanErrorCode;
  readonly issues: readonly FieldIssue[];

  constructor(code: KeyplanErrorCode, message: string, issues: readonly FieldIssue[] = []) {
    super(message);
    this.name = 'KeyplanError';
    this.code = code;
    this.issues = issues;
  }
}

/** Formats a zod-style path (`['applications', 1, 'name']`) as `applications[1].name`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

export function describeIssues(issues: readonly FieldIssue[]): string {
  return issues
    .map((issue) => {
      const where = issue.path === '' ? '(document)' : issue.path;
      return `${where}: ${issue.message}${issue.hint ? ` — ${issue.hint}` : ''}`;
    })
    .join('\n');
}
