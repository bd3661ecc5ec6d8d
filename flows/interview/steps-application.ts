import { ApplicationSchema, DataSetSchema, EnvironmentSchema, REGION_CODES, SERVICES } from '../../src/core/index.js';
import type { Coerced } from '../forms/coerce.js';
import { type Draft, type DraftApplication, type DraftDataSet, emptyApplication, replaceAt } from './draft.js';
import { asList, asString, errorsFromZod, type FieldErrors, type StepSpec, type StepState } from './step-kit.js';
import { classificationNames } from './steps-organization.js';

const STAGES = ['dev', 'test', 'staging', 'prod'];

function application(state: StepState): DraftApplication {
  return state.draft.applications[state.cursor.application] ?? emptyApplication();
}

function withApplication(draft: Draft, index: number, app: DraftApplication): Draft {
  return { ...draft, applications: replaceAt(draft.applications, index, app) };
}

function optionalNumber(value: Coerced): number | undefined {
  return value === undefined ? undefined : Number(value);
}

function duplicateName(names: readonly string[], index: number, name: string): boolean {
  return names.some((other, i) => i !== index && other.toLowerCase() === name.toLowerCase());
}

export const applicationStep: StepSpec = {
  id: 'application',
  title: (state) => `Application ${state.cursor.application + 1}`,
  help: 'Each application gets its own keys (Principle 2). Key administrators manage the keys but cannot use them.',
  fields: () => [
    { id: 'name', label: 'Application name', kind: 'text', required: true, help: 'e.g. storefront' },
    { id: 'team', label: 'Owning team', kind: 'text', required: true },
    {
      id: 'keyAdmins',
      label: 'Key administrator roles',
      kind: 'principal-list',
      required: true,
      help: 'IAM role names (expanded per account) or full role ARNs, e.g. KeyAdmins',
    },
  ],
  values: (state) => {
    const app = state.draft.applications[state.cursor.application];
    return { name: app?.name || undefined, team: app?.team || undefined, keyAdmins: app?.keyAdmins };
  },
  apply: (state, values) => {
    const app = application(state);
    const candidate = { name: asString(values.name), team: asString(values.team), keyAdmins: asList(values.keyAdmins) };
    const parsed = ApplicationSchema.pick({ name: true, team: true, keyAdmins: true }).safeParse(candidate);
    const errors: FieldErrors = parsed.success ? {} : errorsFromZod(parsed.error, (path) => String(path[0]));
    const names = state.draft.applications.map((a) => a.name);
    if (duplicateName(names, state.cursor.application, candidate.name)) {
      errors.name ??= `there is already an application called ${candidate.name}`;
    }
    if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
    return {
      ok: true,
      draft: withApplication(state.draft, state.cursor.application, { ...app, ...parsed.data }),
    };
  },
};

export const environmentStep: StepSpec = {
  id: 'environment',
  title: (state) => `${application(state).name}: environment ${state.cursor.environment + 1}`,
  help: 'Each stage (dev, staging, prod) and each AWS account gets separate keys (Principle 2). The first region holds the primary of a multi-Region key.',
  fields: (state) => [
    { id: 'stage', label: 'Stage', kind: 'text', required: true, help: `e.g. ${STAGES.join(', ')}` },
    { id: 'account', label: 'AWS account id', kind: 'account-id', required: true, help: '12 digits' },
    {
      id: 'regions',
      label: 'Regions',
      kind: 'multi-select',
      required: true,
      suggested: [state.draft.defaults?.region ?? 'us-east-1'],
      options: REGION_CODES.map((code) => ({ value: code, label: code })),
    },
  ],
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
    if (
      duplicateName(
        app.environments.map((e) => e.stage),
        state.cursor.environment,
        candidate.stage,
      )
    ) {
      errors.stage ??= `${app.name} already has a ${candidate.stage} environment`;
    }
    if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
    const environments = replaceAt(app.environments, state.cursor.environment, {
      stage: parsed.data.stage,
      account: parsed.data.account,
      regions: parsed.data.regions ?? candidate.regions,
    });
    return {
      ok: true,
      draft: withApplication(state.draft, state.cursor.application, { ...app, environments }),
    };
  },
};

const YES_NO_NEEDS = [
  ['control', 'Do you need control over the key policy and rotation?', true],
  ['audit', 'Do you need an audit trail of key use (CloudTrail)?', true],
  ['byok', 'Must you bring your own key material (BYOK)?', false],
  ['multiRegion', 'Must the data be decrypted in several regions (multi-Region key)?', false],
] as const;

export const dataSetStep: StepSpec = {
  id: 'data-set',
  title: (state) => `${application(state).name}: data set ${state.cursor.dataSet + 1}`,
  help: 'One kind of data and where it lives. Data of one type flowing through several services can share a key (Principle 3).',
  fields: (state) => [
    { id: 'name', label: 'Data set name', kind: 'text', required: true, help: 'e.g. customer-records' },
    {
      id: 'classification',
      label: 'Classification',
      kind: 'select',
      required: true,
      options: classificationNames(state.draft).map((value) => ({ value, label: value })),
    },
    {
      id: 'services',
      label: 'AWS services that hold or process it',
      kind: 'multi-select',
      required: true,
      options: [...SERVICES.values()].map((s) => ({ value: s.id, label: s.name })),
    },
    {
      id: 'keyUsers',
      label: 'Roles that encrypt and decrypt it',
      kind: 'principal-list',
      required: false,
      help: 'IAM role names or full ARNs',
    },
    {
      id: 'keyAdmins',
      label: 'Different key administrators (blank: the application’s)',
      kind: 'principal-list',
      required: false,
    },
    ...YES_NO_NEEDS.map(([id, label, suggested]) => ({
      id,
      label,
      kind: 'yes-no' as const,
      required: false,
      suggested,
    })),
    {
      id: 'rotationDays',
      label: 'Rotation period in days (blank: the default, 365)',
      kind: 'number',
      required: false,
    },
    {
      id: 'access',
      label: 'How is the key used?',
      kind: 'select',
      required: true,
      suggested: 'service',
      options: [
        { value: 'service', label: 'Through AWS services only' },
        { value: 'direct', label: 'The application calls KMS itself' },
      ],
    },
    { id: 'requestsPerMonth', label: 'KMS requests per month (optional, for cost)', kind: 'number', required: false },
  ],
  values: (state) => {
    const data = application(state).data[state.cursor.dataSet];
    if (!data) return {};
    return {
      name: data.name,
      classification: data.classification,
      services: data.services,
      keyUsers: data.keyUsers,
      keyAdmins: data.keyAdmins,
      ...data.needs,
      access: data.access,
      requestsPerMonth: data.requestsPerMonth,
    };
  },
  apply: (state, values) => {
    const app = application(state);
    const keyAdmins = asList(values.keyAdmins);
    const rotationDays = optionalNumber(values.rotationDays);
    const requestsPerMonth = optionalNumber(values.requestsPerMonth);
    const candidate: DraftDataSet = {
      name: asString(values.name),
      classification: asString(values.classification),
      services: asList(values.services),
      keyUsers: asList(values.keyUsers),
      ...(keyAdmins.length > 0 ? { keyAdmins } : {}),
      needs: {
        control: values.control !== false,
        audit: values.audit !== false,
        byok: values.byok === true,
        multiRegion: values.multiRegion === true,
        ...(rotationDays !== undefined ? { rotationDays } : {}),
      },
      access: values.access === 'direct' ? 'direct' : 'service',
      ...(requestsPerMonth !== undefined ? { requestsPerMonth } : {}),
    };
    const parsed = DataSetSchema.safeParse(candidate);
    const errors: FieldErrors = parsed.success
      ? {}
      : errorsFromZod(parsed.error, (path) => (path[0] === 'needs' ? String(path[1]) : String(path[0])));
    if (
      duplicateName(
        app.data.map((d) => d.name),
        state.cursor.dataSet,
        candidate.name,
      )
    ) {
      errors.name ??= `${app.name} already has a data set called ${candidate.name}`;
    }
    if (!classificationNames(state.draft).includes(candidate.classification)) {
      errors.classification ??= `choose one of ${classificationNames(state.draft).join(', ')}`;
    }
    if (Object.keys(errors).length > 0) return { ok: false, errors };
    const data = replaceAt(app.data, state.cursor.dataSet, candidate);
    return {
      ok: true,
      draft: withApplication(state.draft, state.cursor.application, { ...app, data }),
    };
  },
};

export const moreApplicationsStep: StepSpec = {
  id: 'more-applications',
  title: () => 'More applications?',
  help: 'Add every application whose data needs keys; each gets its own keys (Principle 2).',
  fields: () => [],
  values: () => ({}),
  apply: (state) => ({ ok: true, draft: state.draft }),
};
