import { z } from 'zod';
import { describeIssues, formatPath, KeyplanError } from './core/errors.js';

/** The one place that reads the environment. Everything else receives a Config. */
const EnvSchema = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .regex(/^(sqlite:|postgres:\/\/|postgresql:\/\/)/, {
      error: 'DATABASE_URL must start with sqlite: (e.g. sqlite:./data/keyplan.db) or postgres://',
    })
    .default('sqlite:./data/keyplan.db'),
  AWS_ENDPOINT_URL_KMS: z.url({ error: 'AWS_ENDPOINT_URL_KMS must be a URL such as http://127.0.0.1:4566' }).optional(),
  AWS_REGION: z.string().trim().min(1).optional(),
  AWS_DEFAULT_REGION: z.string().trim().min(1).optional(),
  KEYPLAN_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
});

export interface Config {
  databaseUrl: string;
  kmsEndpoint: string | undefined;
  awsRegion: string | undefined;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
    throw new KeyplanError('CONFIG_INVALID', `invalid environment:\n${describeIssues(issues)}`, issues);
  }
  const e = parsed.data;
  return {
    databaseUrl: e.DATABASE_URL,
    kmsEndpoint: e.AWS_ENDPOINT_URL_KMS,
    awsRegion: e.AWS_REGION ?? e.AWS_DEFAULT_REGION,
    logLevel: e.KEYPLAN_LOG_LEVEL,
  };
}
