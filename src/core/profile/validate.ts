import type { z } from 'zod';
import { type FieldIssue, formatPath, KeyplanError } from '../errors.js';
import { DEFAULT_CLASSIFICATIONS, type Profile, ProfileInputSchema } from './schema.js';

type ParsedInput = z.output<typeof ProfileInputSchema>;

export type ProfileResult = { ok: true; profile: Profile } | { ok: false; issues: FieldIssue[] };

function zodIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => {
    const path = formatPath(issue.path);
    let message = issue.message;
    if (issue.code === 'invalid_type' && issue.input === undefined) {
      message = `${path.split('.').pop() ?? 'value'} is required`;
    } else if (issue.code === 'unrecognized_keys') {
      message = `unknown field(s) ${issue.keys.join(', ')}; check the spelling against the profile format in README.md`;
    }
    return { path, message };
  });
}

function duplicates<T>(items: readonly T[], key: (item: T) => string): number[] {
  const seen = new Set<string>();
  const repeated: number[] = [];
  items.forEach((item, index) => {
    const k = key(item);
    if (seen.has(k)) repeated.push(index);
    seen.add(k);
  });
  return repeated;
}

/** Checks that span fields: unique identifiers and declared classifications. */
function crossFieldIssues(input: ParsedInput, classificationNames: readonly string[]): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const declared = new Set(classificationNames.map((name) => name.toLowerCase()));
  for (const index of duplicates(input.applications, (app) => app.name.toLowerCase())) {
    issues.push({
      path: `applications[${index}].name`,
      message: `application "${input.applications[index]?.name}" is listed twice`,
      hint: 'give each application a unique name, or merge the two entries',
    });
  }
  if (input.classifications) {
    for (const index of duplicates(input.classifications, (c) => c.name.toLowerCase())) {
      issues.push({ path: `classifications[${index}].name`, message: 'classification names must be unique' });
    }
  }
  input.applications.forEach((app, a) => {
    if (app.name.toLowerCase() === 'aws') {
      issues.push({
        path: `applications[${a}].name`,
        message: 'an application named "aws" would give aliases under alias/aws/, which AWS reserves',
        hint: 'rename the application',
      });
    }
    for (const e of duplicates(app.environments, (env) => env.stage.toLowerCase())) {
      issues.push({
        path: `applications[${a}].environments[${e}].stage`,
        message: `stage "${app.environments[e]?.stage}" appears twice in ${app.name}`,
        hint: 'one entry per stage; list several regions in one entry instead',
      });
    }
    app.environments.forEach((env, e) => {
      for (const r of duplicates(env.regions ?? [], (region) => region)) {
        issues.push({ path: `applications[${a}].environments[${e}].regions[${r}]`, message: 'region listed twice' });
      }
    });
    for (const d of duplicates(app.data, (data) => data.name.toLowerCase())) {
      issues.push({
        path: `applications[${a}].data[${d}].name`,
        message: `data set "${app.data[d]?.name}" appears twice in ${app.name}`,
      });
    }
    app.data.forEach((data, d) => {
      if (!declared.has(data.classification.toLowerCase())) {
        issues.push({
          path: `applications[${a}].data[${d}].classification`,
          message: `classification "${data.classification}" is not declared`,
          hint: `use one of ${classificationNames.join(', ')}, or add it under classifications`,
        });
      }
      for (const s of duplicates(data.services, (service) => service)) {
        issues.push({ path: `applications[${a}].data[${d}].services[${s}]`, message: 'service listed twice' });
      }
    });
  });
  return issues;
}

/** Validates raw profile data (parsed YAML/JSON or interview answers) and fills in every default. */
export function validateProfile(raw: unknown): ProfileResult {
  const parsed = ProfileInputSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, issues: zodIssues(parsed.error) };
  const input = parsed.data;
  const classifications = input.classifications ?? DEFAULT_CLASSIFICATIONS.map((c) => ({ ...c, regulations: [] }));
  const issues = crossFieldIssues(
    input,
    classifications.map((c) => c.name),
  );
  if (issues.length > 0) return { ok: false, issues };
  const canonical = new Map(classifications.map((c) => [c.name.toLowerCase(), c.name]));
  const profile: Profile = {
    organization: input.organization,
    classifications,
    defaults: input.defaults,
    applications: input.applications.map((app) => ({
      ...app,
      environments: app.environments.map((env) => ({ ...env, regions: env.regions ?? [input.defaults.region] })),
      data: app.data.map((data) => ({
        ...data,
        classification: canonical.get(data.classification.toLowerCase()) ?? data.classification,
      })),
    })),
  };
  return { ok: true, profile };
}

export function parseProfile(raw: unknown): Profile {
  const result = validateProfile(raw);
  if (!result.ok) {
    throw new KeyplanError('PROFILE_INVALID', `the profile has ${result.issues.length} problem(s)`, result.issues);
  }
  return result.profile;
}
