import { z } from 'zod';
import { describeIssues, formatPath, KeyplanError } from './core/errors.js';

/**
 * The one place that reads the environment. Everything else receives a Config. AWS settings
 * (AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL_KMS, …) are left to the AWS SDK's own provider chain;
 * only their secret values are read here, so that they can be masked in anything keyplan prints.
 */

function milliseconds(name: string, fallback: number) {
  return z.coerce
    .number({ error: `${name} is a number of milliseconds` })
    .int({ error: `${name} is a whole number of milliseconds` })
    .min(1, { error: `${name} must be at least 1 ms` })
    .max(600_000, { error: `${name} must be at most 600000 ms (10 minutes)` })
    .default(fallback);
}

/** Defaults: generous for AWS (answers in tens of milliseconds) yet short enough that a dead endpoint is noticed. */
export const DEFAULT_LIMITS = {
  awsConnectTimeoutMs: 3000,
  awsRequestTimeoutMs: 15_000,
  awsMaxResponseBytes: 8 * 1024 * 1024,
  databaseConnectTimeoutMs: 5000,
  databaseQueryTimeoutMs: 15_000,
} as const;

const AwsEnvSchema = z.object({
  KEYPLAN_AWS_CONNECT_TIMEOUT_MS: milliseconds('KEYPLAN_AWS_CONNECT_TIMEOUT_MS', DEFAULT_LIMITS.awsConnectTimeoutMs),
  KEYPLAN_AWS_REQUEST_TIMEOUT_MS: milliseconds('KEYPLAN_AWS_REQUEST_TIMEOUT_MS', DEFAULT_LIMITS.awsRequestTimeoutMs),
  KEYPLAN_AWS_MAX_RESPONSE_BYTES: z.coerce
    .number({ error: 'KEYPLAN_AWS_MAX_RESPONSE_BYTES is a number of bytes' })
    .int({ error: 'KEYPLAN_AWS_MAX_RESPONSE_BYTES is a whole number of bytes' })
    .min(64 * 1024, {
      error: 'KEYPLAN_AWS_MAX_RESPONSE_BYTES must be at least 65536 (a key policy alone may be 32 KB)',
    })
    .max(1024 * 1024 * 1024, { error: 'KEYPLAN_AWS_MAX_RESPONSE_BYTES must be at most 1 GiB' })
    .default(DEFAULT_LIMITS.awsMaxResponseBytes),
  AWS_SECRET_ACCESS_KEY: z.string().optional(),
  AWS_SESSION_TOKEN: z.string().optional(),
});

const EnvSchema = AwsEnvSchema.extend({
  DATABASE_URL: z
    .string()
    .trim()
    .regex(/^(sqlite:|postgres:\/\/|postgresql:\/\/)/, {
      error: 'DATABASE_URL must start with sqlite: (e.g. sqlite:./data/keyplan.db) or postgres://',
    })
    .default('sqlite:./data/keyplan.db'),
  KEYPLAN_DB_CONNECT_TIMEOUT_MS: milliseconds('KEYPLAN_DB_CONNECT_TIMEOUT_MS', DEFAULT_LIMITS.databaseConnectTimeoutMs),
  KEYPLAN_DB_QUERY_TIMEOUT_MS: milliseconds('KEYPLAN_DB_QUERY_TIMEOUT_MS', DEFAULT_LIMITS.databaseQueryTimeoutMs),
});

/** Bounds on every call to AWS: connection, whole request (headers and body), and body size. */
export interface AwsLimits {
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  maxResponseBytes: number;
}

/** Bounds on the database: opening a connection, and each statement. */
export interface DatabaseLimits {
  connectTimeoutMs: number;
  queryTimeoutMs: number;
}

export interface AuditConfig {
  aws: AwsLimits;
  /** Secret values from the environment, to be masked wherever text is printed. */
  secrets: string[];
}

export interface Config extends AuditConfig {
  databaseUrl: string;
  database: DatabaseLimits;
}

function parse<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv): z.output<S> {
  // An empty variable means "not set", as most shells and .env loaders treat it.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
    throw new KeyplanError('CONFIG_INVALID', `invalid environment:\n${describeIssues(issues)}`, issues);
  }
  return parsed.data;
}

function databasePassword(url: string): string[] {
  try {
    const password = decodeURIComponent(new URL(url).password);
    return password === '' ? [] : [password];
  } catch {
    return [];
  }
}

function auditPart(data: z.output<typeof AwsEnvSchema>): AuditConfig {
  return {
    aws: {
      connectTimeoutMs: data.KEYPLAN_AWS_CONNECT_TIMEOUT_MS,
      requestTimeoutMs: data.KEYPLAN_AWS_REQUEST_TIMEOUT_MS,
      maxResponseBytes: data.KEYPLAN_AWS_MAX_RESPONSE_BYTES,
    },
    secrets: [data.AWS_SECRET_ACCESS_KEY, data.AWS_SESSION_TOKEN].filter((s): s is string => s !== undefined),
  };
}

/** What `keyplan audit` needs: it does not touch the database, so DATABASE_URL is not its concern. */
export function loadAuditConfig(env: NodeJS.ProcessEnv = process.env): AuditConfig {
  return auditPart(parse(AwsEnvSchema, env));
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const data = parse(EnvSchema, env);
  const audit = auditPart(data);
  return {
    ...audit,
    secrets: [...audit.secrets, ...databasePassword(data.DATABASE_URL)],
    databaseUrl: data.DATABASE_URL,
    database: {
      connectTimeoutMs: data.KEYPLAN_DB_CONNECT_TIMEOUT_MS,
      queryTimeoutMs: data.KEYPLAN_DB_QUERY_TIMEOUT_MS,
    },
  };
}

/**
 * Known secrets from the environment without validating anything else: error reporting needs them
 * even when the configuration itself is what failed.
 */
export function environmentSecrets(env: NodeJS.ProcessEnv = process.env): string[] {
  const secrets = [env.AWS_SECRET_ACCESS_KEY, env.AWS_SESSION_TOKEN].filter(
    (s): s is string => typeof s === 'string' && s !== '',
  );
  return [...secrets, ...databasePassword(env.DATABASE_URL ?? '')];
}
