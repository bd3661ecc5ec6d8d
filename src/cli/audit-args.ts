import { KeyplanError } from '../core/errors.js';
import { oneOf, parseCommandArgs } from './args.js';

export const AUDIT_FORMATS = ['markdown', 'json'] as const;
export type AuditFormat = (typeof AUDIT_FORMATS)[number];

export const AUDIT_USAGE = `Usage: keyplan audit [--region R] [--profile P] [--role-arn ARN] [--endpoint URL] [--plan FILE] [--format markdown|json] [--out FILE]

Reads every KMS key of one account and region (read-only: List*, Describe*, Get*) and reports
best-practice findings and, with --plan, drift from an approved plan.
  --region    AWS region (default: AWS_REGION or the profile's region)
  --profile   named profile for credentials (default: the SDK's default provider chain)
  --role-arn  assume this IAM role first (STS AssumeRole), e.g. to audit another account
  --endpoint  KMS endpoint URL, e.g. http://127.0.0.1:4566 (default: AWS_ENDPOINT_URL_KMS or AWS)
  --plan      plan JSON from \`keyplan plan --format json\` to compare the account with
  --format    markdown (default) or json
  --out       write the report to FILE instead of stdout
Exit codes: 0 no error-severity findings, 3 error-severity findings, 2 bad arguments or credentials.
`;

export interface AuditOptions {
  help: boolean;
  region: string | undefined;
  profile: string | undefined;
  roleArn: string | undefined;
  endpoint: string | undefined;
  plan: string | undefined;
  format: AuditFormat;
  out: string | undefined;
}

function usage(message: string): KeyplanError {
  return new KeyplanError('USAGE', `keyplan audit: ${message}. Run \`keyplan audit --help\` for usage.`);
}

function nonEmpty(flag: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === '') throw usage(`--${flag} needs a value`);
  return value.trim();
}

/** Region codes look like `us-east-1` or `us-gov-west-1`; the SDK itself accepts new ones we do not list. */
const REGION_SHAPE = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const ROLE_ARN_SHAPE = /^arn:aws(-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

function endpointOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw usage(`--endpoint must be a URL such as http://127.0.0.1:4566 (got "${value}")`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw usage(`--endpoint must be an http or https URL (got "${value}")`);
  }
  return value;
}

export function parseAuditArgs(argv: string[]): AuditOptions {
  const { values, positionals } = parseCommandArgs('audit', argv, {
    region: { type: 'string' },
    profile: { type: 'string' },
    'role-arn': { type: 'string' },
    endpoint: { type: 'string' },
    plan: { type: 'string' },
    format: { type: 'string', short: 'f' },
    out: { type: 'string', short: 'o' },
    help: { type: 'boolean', short: 'h' },
  });
  if (positionals.length > 0) throw usage(`unexpected argument "${positionals[0]}"`);
  const region = nonEmpty('region', values.region);
  if (region !== undefined && !REGION_SHAPE.test(region)) {
    throw usage(`--region must be an AWS region code such as us-east-1 (got "${region}")`);
  }
  const roleArn = nonEmpty('role-arn', values['role-arn']);
  if (roleArn !== undefined && !ROLE_ARN_SHAPE.test(roleArn)) {
    throw usage(
      `--role-arn must be an IAM role ARN such as arn:aws:iam::111122223333:role/KeyplanAudit (got "${roleArn}")`,
    );
  }
  return {
    help: values.help === true,
    region,
    profile: nonEmpty('profile', values.profile),
    roleArn,
    endpoint: endpointOf(nonEmpty('endpoint', values.endpoint)),
    plan: nonEmpty('plan', values.plan),
    format: oneOf('audit', 'format', values.format, AUDIT_FORMATS, 'markdown'),
    out: nonEmpty('out', values.out),
  };
}
