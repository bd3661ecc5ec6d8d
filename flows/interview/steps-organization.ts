import {
  ClassificationSchema,
  DEFAULT_CLASSIFICATIONS,
  GOVERNANCE_CHOICES,
  NameSchema,
  OrganizationSchema,
  TRAITS,
  type Trait,
} from '../../src/core/index.js';
import type { Draft } from './draft.js';
import { asList, asString, errorsFromZod, type FieldErrors, type StepSpec } from './step-kit.js';

const GOVERNANCE_LABELS: Record<(typeof GOVERNANCE_CHOICES)[number], string> = {
  recommend: 'Recommend one from our answers',
  centralized: 'Centralized: one security team controls all keys',
  decentralized: 'Decentralized: each team manages its own keys',
  hybrid: 'Hybrid: teams run their keys, a central security team signs off',
};

export const organizationStep: StepSpec = {
  id: 'organization',
  title: () => 'Your organisation',
  help: 'Who you are and how keys are governed. The traits decide whether keys should be managed centrally, by each team, or both.',
  fields: () => [
    { id: 'name', label: 'Organisation name', kind: 'text', required: true },
    {
      id: 'governance',
      label: 'How should keys be governed?',
      kind: 'select',
      required: true,
      suggested: 'recommend',
      options: GOVERNANCE_CHOICES.map((value) => ({ value, label: GOVERNANCE_LABELS[value] })),
    },
    {
      id: 'traits',
      label: 'Which of these describe you?',
      kind: 'multi-select',
      required: false,
      options: Object.entries(TRAITS).map(([value, label]) => ({ value, label })),
    },
    {
      id: 'securityTeam',
      label: 'Central security team (blank if none)',
      kind: 'text',
      required: false,
      help: 'Under hybrid governance this team signs off plans and holds PutKeyPolicy and key deletion.',
    },
    {
      id: 'securityKeyAdmins',
      label: "Security team's IAM roles",
      kind: 'principal-list',
      required: false,
      help: 'Role names (expanded per account) or full role ARNs, e.g. SecurityKeyAdmins',
    },
  ],
  values: ({ draft }) => ({
    name: draft.organization?.name,
    governance: draft.organization?.governance,
    traits: draft.organization?.traits,
    securityTeam: draft.organization?.securityTeam?.name,
    securityKeyAdmins: draft.organization?.securityTeam?.keyAdmins,
  }),
  apply: ({ draft }, values) => {
    const team = asString(values.securityTeam);
    const admins = asList(values.securityKeyAdmins);
    const errors: FieldErrors = {};
    if (team !== '' && admins.length === 0)
      errors.securityKeyAdmins = 'name at least one IAM role of the security team';
    if (team === '' && admins.length > 0) errors.securityTeam = 'name the team these roles belong to';
    const candidate = {
      name: asString(values.name),
      governance: values.governance,
      traits: asList(values.traits),
      ...(team !== '' ? { securityTeam: { name: team, keyAdmins: admins } } : {}),
    };
    const parsed = OrganizationSchema.safeParse(candidate);
    if (!parsed.success) {
      Object.assign(
        errors,
        errorsFromZod(parsed.error, (path) =>
          path[0] === 'securityTeam'
            ? path[1] === 'keyAdmins'
              ? 'securityKeyAdmins'
              : 'securityTeam'
            : String(path[0]),
        ),
      );
    }
    if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
    return {
      ok: true,
      draft: { ...draft, organization: { ...parsed.data, traits: parsed.data.traits as Trait[] } },
    };
  },
};

export function classificationNames(draft: Draft): string[] {
  return (draft.classifications ?? DEFAULT_CLASSIFICATIONS).map((c) => c.name);
}

export const classificationsStep: StepSpec = {
  id: 'classifications',
  title: () => 'Data classifications',
  help: 'Your classification levels, from lowest to highest. Data of different levels never shares a key (Principle 1).',
  fields: () => [
    {
      id: 'names',
      label: 'Classification levels, low to high',
      kind: 'text-list',
      required: true,
      suggested: DEFAULT_CLASSIFICATIONS.map((c) => c.name),
    },
  ],
  values: ({ draft }) => ({ names: draft.classifications?.map((c) => c.name) }),
  apply: ({ draft }, values) => {
    const names = asList(values.names);
    const bad = names.map((name) => NameSchema.safeParse(name)).find((r) => !r.success);
    if (bad && !bad.success) return { ok: false, errors: { names: bad.error.issues[0]?.message ?? 'invalid name' } };
    const lower = names.map((n) => n.toLowerCase());
    if (new Set(lower).size !== lower.length) return { ok: false, errors: { names: 'each level may appear once' } };
    const previous = new Map((draft.classifications ?? []).map((c) => [c.name, c.regulations]));
    return {
      ok: true,
      draft: { ...draft, classifications: names.map((name) => ({ name, regulations: previous.get(name) ?? [] })) },
    };
  },
};

export const regulationsStep: StepSpec = {
  id: 'regulations',
  title: () => 'Regulations',
  help: 'Regulations that apply to each level (e.g. PCI-DSS, HIPAA, GDPR). Leave blank or skip where none apply.',
  fields: ({ draft }) =>
    classificationNames(draft).map((name) => ({
      id: `regulations:${name}`,
      label: `Regulations for ${name} data`,
      kind: 'text-list' as const,
      required: false,
    })),
  values: ({ draft }) =>
    Object.fromEntries((draft.classifications ?? []).map((c) => [`regulations:${c.name}`, c.regulations])),
  apply: ({ draft }, values) => {
    const errors: FieldErrors = {};
    const classifications = classificationNames(draft).map((name) => {
      const field = `regulations:${name}`;
      const parsed = ClassificationSchema.safeParse({ name, regulations: asList(values[field]) });
      if (!parsed.success) errors[field] = parsed.error.issues[0]?.message ?? 'invalid regulation';
      return { name, regulations: asList(values[field]) };
    });
    if (Object.keys(errors).length > 0) return { ok: false, errors };
    return { ok: true, draft: { ...draft, classifications } };
  },
};
