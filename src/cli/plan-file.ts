import { describeIssues, formatPath, KeyplanError } from '../core/errors.js';
import { type Plan, PlanSchema } from '../core/plan/schema.js';
import { readInputFile } from './read-input.js';

/** A plan at every profile limit is about 100 MB of JSON; more than this is not a keyplan plan. */
export const MAX_PLAN_BYTES = 256 * 1024 * 1024;

/**
 * Reads a plan file (`audit --plan`, `plan --since`): JSON as `keyplan plan --format json` writes it,
 * validated with PlanSchema. `flag` names the option in messages.
 */
export function readPlanFile(path: string, cwd: string, flag = '--plan'): Plan {
  const command = flag === '--plan' ? 'keyplan audit' : 'keyplan plan';
  const text = readInputFile(
    path,
    cwd,
    `${flag} ${path}`,
    'Give a plan written by `keyplan plan PROFILE --format json`.',
    MAX_PLAN_BYTES,
  );
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new KeyplanError(
      'PLAN_INVALID',
      `${command}: ${flag} ${path} is not JSON (${(error as Error).message}); write it with \`keyplan plan PROFILE --format json\``,
    );
  }
  const parsed = PlanSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
    throw new KeyplanError(
      'PLAN_INVALID',
      `${command}: ${flag} ${path} is not a keyplan plan:\n${describeIssues(issues.slice(0, 10))}`,
      issues,
    );
  }
  return parsed.data;
}
