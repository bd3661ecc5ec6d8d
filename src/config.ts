import { z } from 'zod';
import { describeIssues, formatPath, KeyplanError } from './core/errors.js';

/**
 * The one place that reads the environment. Everything else receives a Config. AWS settings
 * (AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL_KMS, …) are left to the AWS SDK's own provider chain.
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
  .refine((value) => value === undefined || ['', 'true', 'false', '1', '0', 'yes', 'no'].includes(value), {
    error: 'must be true or false',
  })
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const httpUrl = z
  .string()
  .trim()
  .optional()
  .refine((value) => value === undefined || value === '' || /^https?:\/\/[^\s]+$/.test(value), {
    error: 'must be an http(s) URL such as https://slack.com/api/',
  })
  .transform((value) => (value === '' ? undefined : value));

const EnvSchema = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .regex(/^(sqlite:|postgres:\/\/|postgresql:\/\/)/, {
      error: 'DATABASE_URL must start with sqlite: (e.g. sqlite:./data/keyplan.db) or postgres://',
    })
    .default('sqlite:./data/keyplan.db'),
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
});

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

export interface Config {
  databaseUrl: string;
  port: number;
  /** Set when SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN are both set. */
  slack: SlackConfig | null;
  /** Set when TEAMS_ENABLED=true or MicrosoftAppId is set. */
  teams: TeamsConfig | null;
}

type Env = z.infer<typeof EnvSchema>;

function slackOf(env: Env): SlackConfig | null {
  const { SLACK_SIGNING_SECRET: signingSecret, SLACK_BOT_TOKEN: botToken } = env;
  if (signingSecret === undefined && botToken === undefined) {
    if (env.SLACK_APP_TOKEN !== undefined) {
      throw invalid('SLACK_APP_TOKEN', 'Socket Mode also needs SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN');
    }
    return null;
  }
  if (signingSecret === undefined)
    throw invalid('SLACK_SIGNING_SECRET', 'is missing: Slack needs it with SLACK_BOT_TOKEN');
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

function invalid(variable: string, message: string): KeyplanError {
  return new KeyplanError('CONFIG_INVALID', `invalid environment:\n${variable}: ${message}`, [
    { path: variable, message },
  ]);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
    throw new KeyplanError('CONFIG_INVALID', `invalid environment:\n${describeIssues(issues)}`, issues);
  }
  return {
    databaseUrl: parsed.data.DATABASE_URL,
    port: parsed.data.PORT,
    slack: slackOf(parsed.data),
    teams: teamsOf(parsed.data),
  };
}

/** Whether a chat platform is configured: `npm start` then serves it instead of the terminal interview. */
export function hasPlatform(config: Config): boolean {
  return config.slack !== null || config.teams !== null;
}
