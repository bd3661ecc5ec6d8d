import {
  AccountIdSchema,
  ApplicationSchema,
  DataSetSchema,
  EnvironmentSchema,
  NameSchema,
  PrincipalRefSchema,
  REGION_CODES,
  RegionSchema,
  RotationDaysSchema,
  SERVICES,
  slugOf,
} from '../../src/core/index.js';
import type { Coerced } from '../forms/coerce.js';
import { type Draft, type DraftApplication, type DraftDataSet, emptyApplication, replaceAt } from './draft.js';
import {
  asList,
  asString,
  checkEach,
  checkWith,
  errorsFromZod,
  type FieldErrors,
  type StepSpec,
  type StepState,
} from './step-kit.js';
import { classificationNames } from './steps-organization.js';

function application(state: StepState): DraftApplication {
  return state.draft.applications[state.cursor.application] ?? emptyApplication();
}

function withApplication(draft: Draft, index: number, app: DraftApplication): Draft {
  return { ...draft, applications: replaceAt(draft.applications, index, app) };
}

function optionalNumber(value: Coerced): number | undefined {
  return value === undefined ? undefined : Number(value);
}

/** The name another item of the list already has, once both become slugs (`Web Shop` is `web.shop`). */
function duplicateName(names: readonly string[], index: number, name: string): string | undefined {
  return names.find((other, i) => i !== index && slugOf(other) === slugOf(name));
}

function sameNameError(what: string, taken: string, name: string): string {
  return taken === name
    ? `there is already ${what} called ${name}`
    : `"${taken}" is already ${what}, and "${name}" is the same name to keyplan (${slugOf(name)}): choose another`;
}

/** The item before this one, whose answers are good defaults for this one. */
function previousApplication(state: StepState): DraftApplication | undefined {
  return state.draft.applications[state.cursor.application - 1];
}

export const applicationStep: StepSpec = {
  id: 'application',
  title: (state) => `Application ${state.cursor.application + 1}`,
  help: 'Each application gets its own keys (Principle 2). Key administrators manage the keys but cannot use them.',
  fields: (state) => [
    {
      id: 'name',
      label: 'Application name',
      kind: 'text',
      required: true,
      help: 'e.g. storefront',
      explain:
        'Each application gets keys of its own (Principle 2): one compromised application then cannot reach another’s data. The name starts every key alias, e.g. alias/storefront/prod/confidential.',
      check: checkWith(NameSchema),
    },
    {
      id: 'team',
      label: 'Owning team (blank: named after the application)',
      kind: 'text',
      required: false,
      advanced: true,
      suggested: asString((state.answers.name as Coerced) ?? application(state).name) || undefined,
      explain:
        'The team that owns the application: it goes into every key’s Owner tag, so an auditor knows whom to ask.',
      check: checkWith(ApplicationSchema.shape.team),
    },
    {
      id: 'keyAdmins',
      label: 'Key administrator roles',
      kind: 'principal-list',
      required: true,
      help: 'IAM role names (expanded per account) or full role ARNs, e.g. KeyAdmins',
      explain:
        'The roles that manage this application’s keys: enable, disable, tag, rotate, schedule deletion. They get no encrypt or decrypt (Principle 4: who governs the key is not who reads the data).',
      check: checkEach(PrincipalRefSchema),
    },
  ],
  values: (state) => {
    const app = state.draft.applications[state.cursor.application];
    return { name: app?.name || undefined, team: app?.team || undefined, keyAdmins: app?.keyAdmins };
  },
  apply: (state, values) => {
    const app = application(state);
    const name = asString(values.name);
    const candidate = { name, team: asString(values.team) || name, keyAdmins: asList(values.keyAdmins) };
    const parsed = ApplicationSchema.pick({ name: true, team: true, keyAdmins: true }).safeParse(candidate);
    const errors: FieldErrors = parsed.success ? {} : errorsFromZod(parsed.error, (path) => String(path[0]));
    const names = state.draft.applications.map((a) => a.name);
    const taken = duplicateName(names, state.cursor.application, candidate.name);
    if (taken) errors.name ??= sameNameError('an application', taken, candidate.name);
    if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
    return { ok: true, draft: withApplication(state.draft, state.cursor.application, { ...app, ...parsed.data }) };
  },
};

export const environmentStep: StepSpec = {
  id: 'environment',
  title: (state) => `${application(state).name}: environment ${state.cursor.environment + 1}`,
  help: 'Each stage (dev, staging, prod) and each AWS account gets separate keys (Principle 2). The first region holds the primary of a multi-Region key.',
  fields: (state) => {
    const app = application(state);
    // The same place in the previous application, or this application's previous environment.
    const like =
      app.environments[state.cursor.environment - 1] ??
      previousApplication(state)?.environments[state.cursor.environment];
    const defaultRegion = state.draft.defaults?.region ?? 'us-east-1';
    return [
      {
        id: 'stage',
        label: 'Stage',
        kind: 'text',
        required: true,
        help: 'e.g. dev, test, staging, prod',
        ...(state.cursor.environment === 0 ? { suggested: like?.stage ?? 'prod' } : {}),
        explain:
          'Development, staging and production never share a key (Principle 2), so a test role can never decrypt production data. The stage is the second part of every alias.',
        check: checkWith(NameSchema),
      },
      {
        id: 'account',
        label: 'AWS account id',
        kind: 'account-id',
        required: true,
        help: '12 digits',
        explain:
          'Keys never span accounts: the account boundary limits what one incident can reach. The account id also names the root principal and the roles in the key policy.',
        check: checkWith(AccountIdSchema),
      },
      {
        id: 'regions',
        label: 'Regions',
        kind: 'multi-select',
        required: true,
        advanced: true,
        suggested: like?.regions ?? [defaultRegion],
        options: REGION_CODES.map((code) => ({ value: code, label: code })),
        explain:
          'KMS keys live in one region. Each region gets its own keys; a multi-Region key has its primary in the first region and replicas in the others.',
        check: checkEach(RegionSchema),
      },
    ];
  },
  values: (state) => {
    const env = application(state).environments[state.cursor.environment];
    return { stage: env?.stage, account: env?.account, regions: env?.regions };
  },
  apply: (state, values) => {
    const app = application(state);
    const candidate = {
      stage: asString(values.stage),
      account: asString(values.account),
      regions: asList(values.regions),
    };
    const parsed = EnvironmentSchema.safeParse(candidate);
    const errors: FieldErrors = parsed.success ? {} : errorsFromZod(parsed.error, (path) => String(path[0]));
    const stages = app.environments.map((e) => e.stage);
    const taken = duplicateName(stages, state.cursor.environment, candidate.stage);
    if (taken) errors.stage ??= sameNameError(`a stage of ${app.name}`, taken, candidate.stage);
    if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
    const environments = replaceAt(app.environments, state.cursor.environment, {
      stage: parsed.data.stage,
      account: parsed.data.account,
      regions: parsed.data.regions ?? candidate.regions,
    });
    return { ok: true, draft: withApplication(state.draft, state.cursor.application, { ...app, environments }) };
  },
};

/** The four needs asked as one question; rotation has a question of its own. */
const NEEDS = [
  { value: 'control', label: 'Control: our own key policy and rotation schedule' },
  { value: 'audit', label: 'Audit: a CloudTrail record of every use of the key' },
  { value: 'byok', label: 'BYOK: we bring our own key material' },
  { value: 'multi-region', label: 'Multi-Region: decrypt the same data in several regions' },
  { value: 'none', label: 'None: encryption at rest is enough, let AWS own the key' },
] as const;
const DEFAULT_NEEDS = ['control', 'audit'];

function needsOf(data: DraftDataSet): string[] {
  const { control, audit, byok, multiRegion } = data.needs;
  return [control && 'control', audit && 'audit', byok && 'byok', multiRegion && 'multi-region'].filter(
    (need): need is string => typeof need === 'string',
  );
}

export const dataSetStep: StepSpec = {
  id: 'data-set',
  title: (state) => `${application(state).name}: data set ${state.cursor.dataSet + 1}`,
  help: 'One kind of data and where it lives. Data of one type flowing through several services can share a key (Principle 3).',
  fields: (state) => {
    const app = application(state);
    const like = app.data[state.cursor.dataSet - 1] ?? previousApplication(state)?.data[state.cursor.dataSet];
    return [
      {
        id: 'name',
        label: 'Data set name',
        kind: 'text',
        required: true,
        help: 'e.g. customer-records',
        explain:
          'One kind of data, such as customer records or payment tokens. Data sets of the same level, readers and administrators share a key; the name appears in the key’s DataSets tag and in why the key exists.',
        check: checkWith(NameSchema),
      },
      {
        id: 'classification',
        label: 'Classification',
        kind: 'select',
        required: true,
        ...(like && classificationNames(state.draft).includes(like.classification)
          ? { suggested: like.classification }
          : {}),
        options: classificationNames(state.draft).map((value) => ({ value, label: value })),
        explain:
          'Its sensitivity level. Data of different levels never shares a key (Principle 1), and a regulated level brings its audit and rotation evidence with it.',
      },
      {
        id: 'services',
        label: 'AWS services that hold or process it',
        kind: 'multi-select',
        required: true,
        options: [...SERVICES.values()].map((s) => ({ value: s.id, label: s.name })),
        explain:
          'Where the data is stored or handled. One data type flowing through several services shares one key (Principle 3); the key policy lets users call KMS only through these services (kms:ViaService).',
      },
      {
        id: 'keyUsers',
        label: 'Roles that encrypt and decrypt it',
        kind: 'principal-list',
        required: false,
        help: 'IAM role names or full ARNs',
        explain:
          'The roles that read and write this data. They get encrypt and decrypt on its key and nothing else; data sets read by different roles get different keys, so each key’s readers stay least privilege.',
        check: checkEach(PrincipalRefSchema),
      },
      {
        id: 'needs',
        label: 'What do you need of its key?',
        kind: 'multi-select',
        required: false,
        suggested: like ? needsOf(like) : DEFAULT_NEEDS,
        options: NEEDS.map((need) => ({ value: need.value, label: need.label })),
        explain:
          'Control or BYOK need a customer managed key ($1 a month each); audit alone is met by the service’s AWS managed key; none by an AWS owned key at no cost. Multi-Region keys are billed once per region.',
        check: (value) => {
          const chosen = asList(value);
          return chosen.includes('none') && chosen.length > 1 ? '"none" cannot go with other needs' : undefined;
        },
      },
      {
        id: 'keyAdmins',
        label: 'Different key administrators (blank: the application’s)',
        kind: 'principal-list',
        required: false,
        advanced: true,
        explain:
          'Leave blank to use the application’s administrators. Different administrators mean a different key (Principle 4).',
        check: checkEach(PrincipalRefSchema),
      },
      {
        id: 'rotationDays',
        label: 'Rotation period in days (blank: the default, 365)',
        kind: 'number',
        required: false,
        advanced: true,
        help: '90 to 2560',
        explain:
          'How often KMS rotates the key material automatically. Rotation never re-encrypts existing data, and each of the first two rotations adds $1 a month.',
        check: checkWith(RotationDaysSchema),
      },
      {
        id: 'access',
        label: 'How is the key used?',
        kind: 'select',
        required: true,
        advanced: true,
        suggested: 'service',
        options: [
          { value: 'service', label: 'Through AWS services only' },
          { value: 'direct', label: 'The application calls KMS itself' },
        ],
        explain:
          'Through AWS services, the key policy pins use to those services (kms:ViaService). If the application calls KMS itself, that condition cannot apply, and an encryption context should.',
      },
      {
        id: 'requestsPerMonth',
        label: 'KMS requests per month (blank: not counted)',
        kind: 'number',
        required: false,
        advanced: true,
        help: 'e.g. 2000000 or 2M',
        explain: 'Only for the cost estimate: requests cost $0.03 per 10,000 beyond 20,000 free each month.',
        check: checkWith(DataSetSchema.shape.requestsPerMonth),
      },
    ];
  },
  values: (state) => {
    const data = application(state).data[state.cursor.dataSet];
    if (!data) return {};
    return {
      name: data.name,
      classification: data.classification,
      services: data.services,
      keyUsers: data.keyUsers,
      needs: needsOf(data),
      keyAdmins: data.keyAdmins,
      rotationDays: data.needs.rotationDays,
      access: data.access,
      requestsPerMonth: data.requestsPerMonth,
    };
  },
  apply: (state, values) => {
    const app = application(state);
    const keyAdmins = asList(values.keyAdmins);
    const rotationDays = optionalNumber(values.rotationDays);
    const requestsPerMonth = optionalNumber(values.requestsPerMonth);
    const needs = asList(values.needs);
    const candidate: DraftDataSet = {
      name: asString(values.name),
      classification: asString(values.classification),
      services: asList(values.services),
      keyUsers: asList(values.keyUsers),
      ...(keyAdmins.length > 0 ? { keyAdmins } : {}),
      needs: {
        control: needs.includes('control'),
        audit: needs.includes('audit'),
        byok: needs.includes('byok'),
        multiRegion: needs.includes('multi-region'),
        ...(rotationDays !== undefined ? { rotationDays } : {}),
      },
      access: values.access === 'direct' ? 'direct' : 'service',
      ...(requestsPerMonth !== undefined ? { requestsPerMonth } : {}),
    };
    const parsed = DataSetSchema.safeParse(candidate);
    const errors: FieldErrors = parsed.success
      ? {}
      : errorsFromZod(parsed.error, (path) =>
          path[0] === 'needs' ? (path[1] === 'rotationDays' ? 'rotationDays' : 'needs') : String(path[0]),
        );
    const names = app.data.map((d) => d.name);
    const taken = duplicateName(names, state.cursor.dataSet, candidate.name);
    if (taken) errors.name ??= sameNameError(`a data set of ${app.name}`, taken, candidate.name);
    if (!classificationNames(state.draft).includes(candidate.classification)) {
      errors.classification ??= `choose one of ${classificationNames(state.draft).join(', ')}`;
    }
    if (Object.keys(errors).length > 0) return { ok: false, errors };
    const data = replaceAt(app.data, state.cursor.dataSet, candidate);
    return { ok: true, draft: withApplication(state.draft, state.cursor.application, { ...app, data }) };
  },
};

export const moreApplicationsStep: StepSpec = {
  id: 'more-applications',
  title: () => 'More applications?',
  help: 'Add every application whose data needs keys; each gets its own keys (Principle 2).',
  fields: (state) => [
    {
      id: 'nextApplication',
      label: 'Another application? Type its name (blank: review your answers)',
      kind: 'text',
      required: false,
      explain: `You have ${state.draft.applications.length} so far. Each application gets its own keys (Principle 2); type the next one's name to add it, or leave this blank to review everything and get the plan.`,
      check: (value) => {
        const name = asString(value);
        const problem = checkWith(NameSchema)(name);
        if (problem) return problem;
        const taken = duplicateName(
          state.draft.applications.map((a) => a.name),
          -1,
          name,
        );
        return taken ? sameNameError('an application', taken, name) : undefined;
      },
    },
  ],
  values: () => ({}),
  apply: (state) => ({ ok: true, draft: state.draft }),
};
