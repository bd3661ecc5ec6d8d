import { z } from 'zod';
import { describeIssues, formatPath, KeyplanError } from './core/errors.js';

/**
 * The one place that reads the environment. Everything else receives a Config. AWS settings
 * (AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL_KMS, …) are left to the AWS SDK's own provider chain.
 */
const EnvSchema = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .regex(/^(sqlite:|postgres:\/\/|postgresql:\/\/)/, {
      error: 'DATABASE_URL must start with sqlite: (e.g. sqlite:./data/keyplan.db) or postgres://',
    })
    .default('sqlite:./data/keyplan.db'),
});

export interface Config {
  databaseUrl: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
    throw new KeyplanError('CONFIG_INVALID', `invalid environment:\n${describeIssues(issues)}`, issues);
  }
  return { databaseUrl: parsed.data.DATABASE_URL };
}
