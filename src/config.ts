import { z } from 'zod';
import { describeIssues, formatPath, KeyplanError } from './core/errors.js';

/**
 * The one place that reads the environment. Everything else receives a Config. AWS settings
 * (AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL_KMS, …) are left to the AWS SDK's own provider chain;
 * only their secret values are read here, so that they can be masked in anything keyplan prints.
 */

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const flag = z
  .string()
  .trim()
  .toLowerCase()
  .optional()
  .refine((value) => value === undefined || ['true', 'false', '1', '0', 'yes', 'no'].includes(value), {
    error: 'must be true or false',
  })
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const httpUrl = z
  .string()
  .trim()
  .optional()
  .refine((value) => value === undefined || /^https?:\/\/[^\s]+$/.test(value), {
    error: 'must be an http(s) URL such as https://slack.com/api/',
  });

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
  PORT: z.coerce
    .number({ error: 'PORT must be a port number such as 3000' })
    .int({ error: 'PORT must be a whole number' })
    .min(0)
    .max(65_535, { error: 'PORT must be at most 65535' })
    .default(3000),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_BOT_TOKEN: optionalText.refine((value) => value === undefined || value.startsWith('xoxb-'), {
    error: 'SLACK_BOT_TOKEN must be a bot token (xoxb-…), from the app’s OAuth & Permissions page',
  }),
  SLACK_APP_TOKEN: optionalText.refine((value) => value === undefined || value.startsWith('xapp-'), {
    error: 'SLACK_APP_TOKEN must be an app-level token (xapp-…) with connections:write, for Socket Mode',
  }),
  SLACK_API_URL: httpUrl,
  TEAMS_ENABLED: flag,
  MicrosoftAppId: optionalText,
  MicrosoftAppPassword: optionalText,
  MicrosoftAppType: z
    .enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI'], {
      error: 'MicrosoftAppType must be MultiTenant, SingleTenant or UserAssignedMSI',
    })
    .optional(),
  MicrosoftAppTenantId: optionalText,
  KEYPLAN_ADMINS: optionalText,
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

export interface SlackConfig {
  signingSecret: string;
  botToken: string;
  /** Set: Socket Mode (no public URL needed); unset: HTTP at POST /slack/events. */
  appToken?: string;
  /** Where the Web API client sends calls (tests, proxies); Slack's own by default. */
  apiUrl?: string;
}

export interface TeamsConfig {
  /** Empty when Teams runs without credentials for a local trial: authentication is then off. */
  appId?: string;
  appPassword?: string;
  appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  tenantId?: string;
}

export interface Config extends AuditConfig {
  databaseUrl: string;
  database: DatabaseLimits;
  port: number;
  /** Set when SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN are both set. */
  slack: SlackConfig | null;
  /** Set when TEAMS_ENABLED=true or MicrosoftAppId is set. */
  teams: TeamsConfig | null;
  /** User ids (Slack member ids, Teams Entra object ids) who may change any workspace's settings. */
  bootstrapAdmins: string[];
}

type Env = z.output<typeof EnvSchema>;

function invalid(variable: string, message: string): KeyplanError {
  return new KeyplanError('CONFIG_INVALID', `invalid environment:\n${variable}: ${message}`, [
    { path: variable, message },
  ]);
}

function slackOf(env: Env): SlackConfig | null {
  const { SLACK_SIGNING_SECRET: signingSecret, SLACK_BOT_TOKEN: botToken } = env;
  if (signingSecret === undefined && botToken === undefined) {
    if (env.SLACK_APP_TOKEN !== undefined) {
      throw invalid('SLACK_APP_TOKEN', 'Socket Mode also needs SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN');
    }
    return null;
  }
  if (signingSecret === undefined) {
    throw invalid('SLACK_SIGNING_SECRET', 'is missing: Slack needs it with SLACK_BOT_TOKEN');
  }
  if (botToken === undefined) throw invalid('SLACK_BOT_TOKEN', 'is missing: Slack needs it with SLACK_SIGNING_SECRET');
  return {
    signingSecret,
    botToken,
    ...(env.SLACK_APP_TOKEN ? { appToken: env.SLACK_APP_TOKEN } : {}),
    ...(env.SLACK_API_URL ? { apiUrl: env.SLACK_API_URL } : {}),
  };
}

function teamsOf(env: Env): TeamsConfig | null {
  if (!env.TEAMS_ENABLED && env.MicrosoftAppId === undefined) return null;
  const appType = env.MicrosoftAppType ?? 'MultiTenant';
  if (env.MicrosoftAppId !== undefined && appType !== 'UserAssignedMSI' && env.MicrosoftAppPassword === undefined) {
    throw invalid('MicrosoftAppPassword', `is missing: a ${appType} bot needs the password of MicrosoftAppId`);
  }
  if (appType === 'SingleTenant' && env.MicrosoftAppTenantId === undefined) {
    throw invalid('MicrosoftAppTenantId', 'is missing: a SingleTenant bot needs its Entra tenant id');
  }
  return {
    appType,
    ...(env.MicrosoftAppId ? { appId: env.MicrosoftAppId } : {}),
    ...(env.MicrosoftAppPassword ? { appPassword: env.MicrosoftAppPassword } : {}),
    ...(env.MicrosoftAppTenantId ? { tenantId: env.MicrosoftAppTenantId } : {}),
  };
}

/** Chat platform credentials, masked wherever text is printed like the AWS ones. */
function platformSecrets(env: Env): string[] {
  return [env.SLACK_SIGNING_SECRET, env.SLACK_BOT_TOKEN, env.SLACK_APP_TOKEN, env.MicrosoftAppPassword].filter(
    (s): s is string => s !== undefined,
  );
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
    secrets: [...audit.secrets, ...databasePassword(data.DATABASE_URL), ...platformSecrets(data)],
    databaseUrl: data.DATABASE_URL,
    database: {
      connectTimeoutMs: data.KEYPLAN_DB_CONNECT_TIMEOUT_MS,
      queryTimeoutMs: data.KEYPLAN_DB_QUERY_TIMEOUT_MS,
    },
    port: data.PORT,
    slack: slackOf(data),
    teams: teamsOf(data),
    bootstrapAdmins: (data.KEYPLAN_ADMINS ?? '')
      .split(/[\s,]+/)
      .map((id) => id.trim())
      .filter((id) => id !== ''),
  };
}

/** Whether a chat platform is configured: `npm start` then serves it instead of the terminal interview. */
export function hasPlatform(config: Config): boolean {
  return config.slack !== null || config.teams !== null;
}

/**
 * Known secrets from the environment without validating anything else: error reporting needs them
 * even when the configuration itself is what failed.
 */
export function environmentSecrets(env: NodeJS.ProcessEnv = process.env): string[] {
  const secrets = [
    env.AWS_SECRET_ACCESS_KEY,
    env.AWS_SESSION_TOKEN,
    env.SLACK_SIGNING_SECRET,
    env.SLACK_BOT_TOKEN,
    env.SLACK_APP_TOKEN,
    env.MicrosoftAppPassword,
  ].filter((s): s is string => typeof s === 'string' && s !== '');
  return [...secrets, ...databasePassword(env.DATABASE_URL ?? '')];
}
