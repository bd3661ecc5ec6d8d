/**
 * A key policy normalised for analysis. IAM accepts many spellings of the same thing (a string or a
 * list, `"*"` or `{"AWS":"*"}`, any letter case in action names), so every check reads this form
 * instead of the raw JSON.
 */

export interface PolicyPrincipals {
  /**
   * `"*"`, or `*` under any principal type (`{"AWS":"*"}`, `{"Service":"*"}`, `{"Federated":"*"}`,
   * `{"CanonicalUser":"*"}`): anyone, subject only to the statement's conditions.
   */
  wildcard: boolean;
  aws: string[];
  service: string[];
  federated: string[];
  canonicalUser: string[];
}

export interface ConditionClause {
  /** As written, e.g. `StringEquals`, `ForAnyValue:StringLike`, `BoolIfExists`. */
  operator: string;
  /** Lower-cased condition key (condition keys are case-insensitive). */
  key: string;
  values: string[];
}

export interface PolicyStatementView {
  sid: string | null;
  effect: 'Allow' | 'Deny';
  principals: PolicyPrincipals;
  /** NotPrincipal: the statement applies to everyone except `principals`. */
  notPrincipal: boolean;
  /** Action patterns as written, e.g. `kms:Encrypt`, `kms:GenerateDataKey*`; compare them case-insensitively. */
  actions: string[];
  /** NotAction: the statement covers every action except `actions`. */
  notAction: boolean;
  conditions: ConditionClause[];
}

export interface PolicyDocument {
  statements: PolicyStatementView[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'boolean' || typeof value === 'number') return [String(value)];
  if (Array.isArray(value)) return value.flatMap(strings);
  return [];
}

/** Bare 12-digit account ids in a Principal mean that account's root; KMS shows them that way too. */
export function normalizeAwsPrincipal(value: string, partition = 'aws'): string {
  return /^\d{12}$/.test(value) ? `arn:${partition}:iam::${value}:root` : value;
}

function readPrincipals(raw: unknown, partition: string): PolicyPrincipals {
  const principals: PolicyPrincipals = { wildcard: false, aws: [], service: [], federated: [], canonicalUser: [] };
  if (raw === '*') {
    principals.wildcard = true;
    return principals;
  }
  if (!isRecord(raw)) return principals;
  for (const [type, value] of Object.entries(raw)) {
    for (const item of strings(value)) {
      if (item === '*') principals.wildcard = true;
      else if (type === 'AWS') principals.aws.push(normalizeAwsPrincipal(item, partition));
      else if (type === 'Service') principals.service.push(item);
      else if (type === 'Federated') principals.federated.push(item);
      else if (type === 'CanonicalUser') principals.canonicalUser.push(item);
    }
  }
  return principals;
}

function readConditions(raw: unknown): ConditionClause[] {
  if (!isRecord(raw)) return [];
  const clauses: ConditionClause[] = [];
  for (const [operator, block] of Object.entries(raw)) {
    if (!isRecord(block)) continue;
    for (const [key, value] of Object.entries(block)) {
      clauses.push({ operator, key: key.toLowerCase(), values: strings(value) });
    }
  }
  return clauses;
}

function readStatement(raw: Record<string, unknown>, partition: string): PolicyStatementView {
  const notPrincipal = raw.NotPrincipal !== undefined;
  const notAction = raw.NotAction !== undefined && raw.Action === undefined;
  return {
    sid: typeof raw.Sid === 'string' ? raw.Sid : null,
    effect: raw.Effect === 'Deny' ? 'Deny' : 'Allow',
    principals: readPrincipals(notPrincipal ? raw.NotPrincipal : raw.Principal, partition),
    notPrincipal,
    actions: strings(notAction ? raw.NotAction : raw.Action),
    notAction,
    conditions: readConditions(raw.Condition),
  };
}

/**
 * Parses a key policy. Returns null for text that is not a policy document, so the caller can report
 * the key as not readable instead of guessing.
 */
export function parsePolicyDocument(text: string, partition = 'aws'): PolicyDocument | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(raw)) return null;
  const statements = Array.isArray(raw.Statement) ? raw.Statement : isRecord(raw.Statement) ? [raw.Statement] : null;
  if (statements === null) return null;
  return { statements: statements.filter(isRecord).map((statement) => readStatement(statement, partition)) };
}
