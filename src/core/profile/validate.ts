import type { z } from 'zod';
import { type FieldIssue, formatPath, KeyplanError } from '../errors.js';
import { aliasSegment } from '../rules/alias-naming.js';
import { DEFAULT_CLASSIFICATIONS, type Profile, ProfileInputSchema } from './schema.js';
import { slugOf } from './slug.js';

type ParsedInput = z.output<typeof ProfileInputSchema>;

export type ProfileResult = { ok: true; profile: Profile } | { ok: false; issues: FieldIssue[] };

/** The structural part of a zod schema this module walks to list the fields an object accepts. */
interface SchemaDef {
  type: string;
  shape?: Record<string, unknown>;
  element?: unknown;
  innerType?: unknown;
  in?: unknown;
}

function defOf(schema: unknown): SchemaDef | undefined {
  return (schema as { _zod?: { def?: SchemaDef } } | undefined)?._zod?.def;
}

/** Field names the profile accepts at a path, e.g. `['applications', 0, 'data', 1]` → a data set's fields. */
function fieldsAt(path: readonly PropertyKey[]): string[] {
  let def = defOf(ProfileInputSchema);
  const unwrap = () => {
    while (def && (def.innerType !== undefined || def.type === 'pipe')) {
      def = defOf(def.type === 'pipe' ? def.in : def.innerType);
    }
  };
  for (const part of path) {
    unwrap();
    if (def?.type === 'array' && typeof part === 'number') def = defOf(def.element);
    else if (def?.type === 'object' && typeof part === 'string') def = defOf(def.shape?.[part]);
    else return [];
  }
  unwrap();
  return def?.type === 'object' ? Object.keys(def.shape ?? {}) : [];
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] as number;
}

function unknownFieldHint(key: string, known: readonly string[]): string {
  const [closest] = known
    .map((name) => ({ name, distance: editDistance(key.toLowerCase(), name.toLowerCase()) }))
    .filter((candidate) => candidate.distance <= Math.max(2, Math.floor(key.length / 3)))
    .sort((x, y) => x.distance - y.distance);
  if (closest) return `did you mean ${closest.name}? Fields here: ${known.join(', ')}`;
  return known.length > 0
    ? `fields here: ${known.join(', ')}`
    : 'check the spelling against the profile format in README.md';
}

function zodIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.flatMap((issue): FieldIssue[] => {
    const path = formatPath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      // One issue per unknown field, at the field's own path, with the likely intended name.
      const known = fieldsAt(issue.path);
      return issue.keys.map((key) => ({
        path: formatPath([...issue.path, key]),
        message: `unknown field "${key}"`,
        hint: unknownFieldHint(key, known),
      }));
    }
    if (issue.code === 'invalid_type' && path === '') {
      return [
        { path, message: 'the profile is empty or not a mapping', hint: 'start with organization: and applications:' },
      ];
    }
    // Parsed with reportInput: a present value of the wrong type carries `input`, a missing field does not.
    if (issue.code === 'invalid_type' && issue.input === undefined) {
      const field = String(issue.path[issue.path.length - 1] ?? 'value');
      const custom = issue.message.startsWith('Invalid input') ? undefined : issue.message;
      return [
        { path, message: `${field} is required`, hint: custom ?? `add ${field} (see the profile format in README.md)` },
      ];
    }
    return [{ path, message: issue.message }];
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

/**
 * Names that become the same identifier: one entry per repeat, naming both spellings when they differ
 * (`Billing Service` and `billing-service` are one name to aliases and resource names).
 */
function sameNames(names: readonly string[]): { index: number; message: string }[] {
  const first = new Map<string, string>();
  const found: { index: number; message: string }[] = [];
  names.forEach((name, index) => {
    const slug = slugOf(name);
    const earlier = first.get(slug);
    if (earlier === undefined) first.set(slug, name);
    else if (earlier === name) found.push({ index, message: `"${name}" is listed twice` });
    else {
      found.push({
        index,
        message: `"${earlier}" and "${name}" are the same name to keyplan (${slug}), which aliases and resource names are made from`,
      });
    }
  });
  return found;
}

/** Checks that span fields: unique identifiers and declared classifications. */
function crossFieldIssues(input: ParsedInput, classificationNames: readonly string[]): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const declared = new Set(classificationNames.map((name) => slugOf(name)));
  for (const { index, message } of sameNames(input.applications.map((app) => app.name))) {
    issues.push({
      path: `applications[${index}].name`,
      message: `application ${message}`,
      hint: 'give each application a name of its own, or merge the two entries',
    });
  }
  if (input.classifications) {
    for (const { index, message } of sameNames(input.classifications.map((c) => c.name))) {
      issues.push({
        path: `classifications[${index}].name`,
        message: `classification ${message}`,
        hint: 'classification names must be unique (case and punctuation do not count): remove or rename one',
      });
    }
  }
  input.applications.forEach((app, a) => {
    if (aliasSegment(app.name) === 'aws') {
      issues.push({
        path: `applications[${a}].name`,
        message: `an application named "${app.name}" would give aliases under alias/aws/, which AWS reserves`,
        hint: 'rename the application',
      });
    }
    for (const { index: e, message } of sameNames(app.environments.map((env) => env.stage))) {
      issues.push({
        path: `applications[${a}].environments[${e}].stage`,
        message: `stage ${message} in ${app.name}`,
        hint: 'one entry per stage; list several regions in one entry instead',
      });
    }
    app.environments.forEach((env, e) => {
      for (const r of duplicates(env.regions ?? [], (region) => region)) {
        issues.push({
          path: `applications[${a}].environments[${e}].regions[${r}]`,
          message: 'region listed twice',
          hint: 'remove the repeated region',
        });
      }
    });
    for (const { index: d, message } of sameNames(app.data.map((data) => data.name))) {
      issues.push({
        path: `applications[${a}].data[${d}].name`,
        message: `data set ${message} in ${app.name}`,
        hint: 'give each data set of an application a name of its own (case and punctuation do not count), or merge the two entries',
      });
    }
    app.data.forEach((data, d) => {
      if (!declared.has(slugOf(data.classification))) {
        issues.push({
          path: `applications[${a}].data[${d}].classification`,
          message: `classification "${data.classification}" is not declared`,
          hint: `use one of ${classificationNames.join(', ')}, or add it under classifications`,
        });
      }
      const needsService = (field: string, present: unknown, services: readonly string[], what: string) => {
        if (present === undefined || services.some((id) => data.services.includes(id))) return;
        issues.push({
          path: `applications[${a}].data[${d}].${field}`,
          message: `${field} applies only to ${what}, and ${data.name} lists none`,
          hint: `add ${services.join(' or ')} to services, or remove ${field}`,
        });
      };
      needsService('publishers', data.publishers, ['sns', 'sqs'], 'SNS topics and SQS queues (services sns or sqs)');
      needsService('cloudFrontDistributions', data.cloudFrontDistributions, ['s3'], 'S3 origins (service s3)');
      needsService('autoScaling', data.autoScaling, ['ebs'], 'EBS volumes (service ebs)');
      for (const s of duplicates(data.services, (service) => service)) {
        issues.push({
          path: `applications[${a}].data[${d}].services[${s}]`,
          message: 'service listed twice',
          hint: 'remove the repeated service',
        });
      }
    });
  });
  return issues;
}

/** Validates raw profile data (parsed YAML/JSON or interview answers) and fills in every default. */
export function validateProfile(raw: unknown): ProfileResult {
  const parsed = ProfileInputSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) return { ok: false, issues: zodIssues(parsed.error) };
  const input = parsed.data;
  const classifications = input.classifications ?? DEFAULT_CLASSIFICATIONS.map((c) => ({ ...c, regulations: [] }));
  const issues = crossFieldIssues(
    input,
    classifications.map((c) => c.name),
  );
  if (issues.length > 0) return { ok: false, issues };
  const canonical = new Map(classifications.map((c) => [slugOf(c.name), c.name]));
  const profile: Profile = {
    organization: input.organization,
    classifications,
    defaults: input.defaults,
    applications: input.applications.map((app) => ({
      ...app,
      environments: app.environments.map((env) => ({ ...env, regions: env.regions ?? [input.defaults.region] })),
      data: app.data.map((data) => ({
        ...data,
        classification: canonical.get(slugOf(data.classification)) ?? data.classification,
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
