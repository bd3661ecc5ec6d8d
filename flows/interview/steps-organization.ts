import {
  ClassificationSchema,
  DEFAULT_CLASSIFICATIONS,
  NameSchema,
  OrganizationSchema,
  PrincipalRefSchema,
  RegulationSchema,
  TRAITS,
  type Trait,
} from '../../src/core/index.js';
import type { Draft } from './draft.js';
import {
  asList,
  asString,
  checkEach,
  checkWith,
  errorsFromZod,
  type FieldErrors,
  type FieldOption,
  type StepSpec,
} from './step-kit.js';

const GOVERNANCE_OPTIONS: FieldOption[] = [
  { value: 'recommend', label: 'Recommend one from our answers' },
  {
    value: 'centralized',
    label: 'Centralized: one security team controls all keys',
    aliases: ['centralised', 'central'],
  },
  {
    value: 'decentralized',
    label: 'Decentralized: each team manages its own keys',
    aliases: ['decentralised', 'decentral'],
  },
  { value: 'hybrid', label: 'Hybrid: teams run their keys, a central security team signs off' },
];

/** Traits that make a central security team part of the answer. */
const CENTRAL_TRAITS: Trait[] = ['central-security-function', 'strict-compliance-oversight'];

export const organizationStep: StepSpec = {
  id: 'organization',
  title: () => 'Your organisation',
  help: 'Who you are and how keys are governed. The traits decide whether keys should be managed centrally, by each team, or both.',
  fields: () => [
    {
      id: 'name',
      label: 'Organisation name',
      kind: 'text',
      required: true,
      explain: 'Names the plan and tags every key, so the security team can tell whose keys these are.',
      check: checkWith(OrganizationSchema.shape.name),
    },
    {
      id: 'governance',
      label: 'How should keys be governed?',
      kind: 'select',
      required: true,
      suggested: 'recommend',
      options: GOVERNANCE_OPTIONS,
      explain:
        'Who controls the keys. Decentralized: each team administers its own. Centralized: one security team does. Hybrid: teams run their keys day to day, a central security team owns key policies and deletion and signs the plan off. Recommend picks one from the traits you choose next.',
    },
    {
      id: 'traits',
      label: 'Which of these describe you?',
      kind: 'multi-select',
      required: false,
      askIf: [{ field: 'governance', oneOf: ['recommend'] }],
      options: Object.entries(TRAITS).map(([value, label]) => ({ value, label })),
      explain:
        'These decide the recommended model: autonomous units, several regulations or region constraints point to decentralized keys; strict oversight or a central security function to centralized ones; both kinds together to hybrid.',
    },
    {
      id: 'securityTeam',
      label: 'Central security team (blank if none)',
      kind: 'text',
      required: false,
      askIf: [
        { field: 'governance', oneOf: ['centralized', 'hybrid'] },
        { field: 'traits', includesAny: CENTRAL_TRAITS },
      ],
      help: 'Under hybrid governance this team signs off plans and holds PutKeyPolicy and key deletion.',
      explain:
        'Under centralized or hybrid governance this team administers the key policies and alone may change them or schedule a key for deletion; under hybrid it also signs the plan off.',
    },
    {
      id: 'securityKeyAdmins',
      label: "Security team's IAM roles",
      kind: 'principal-list',
      required: false,
      askIf: [{ field: 'securityTeam', answered: true }],
      help: 'Role names (expanded per account) or full role ARNs, e.g. SecurityKeyAdmins',
      explain:
        'The roles the security team uses. They appear in every key policy with the administrative actions the model gives them (PutKeyPolicy, ScheduleKeyDeletion), never with decrypt.',
      check: checkEach(PrincipalRefSchema),
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
    if (team !== '' && admins.length === 0) {
      errors.securityKeyAdmins = 'name at least one IAM role of the security team';
    }
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
    return { ok: true, draft: { ...draft, organization: { ...parsed.data, traits: parsed.data.traits as Trait[] } } };
  },
};

export function classificationNames(draft: Draft): string[] {
  return (draft.classifications ?? DEFAULT_CLASSIFICATIONS).map((c) => c.name);
}

/** "internal, phi (HIPAA, GDPR)" → levels with their regulations; commas inside brackets stay together. */
export function parseLevels(text: string): { name: string; regulations: string[] }[] {
  const levels: { name: string; regulations: string[] }[] = [];
  for (const part of text.match(/[^,(]+(?:\([^)]*\))?/g) ?? []) {
    const match = /^\s*([^()]*?)\s*(?:\(([^)]*)\))?\s*$/.exec(part);
    const name = match?.[1]?.trim() ?? '';
    if (name === '' && !match?.[2]) continue;
    const regulations = (match?.[2] ?? '')
      .split(/[,;]/)
      .map((r) => r.trim())
      .filter((r) => r !== '');
    levels.push({ name, regulations });
  }
  return levels;
}

export function formatLevels(levels: readonly { name: string; regulations: readonly string[] }[]): string {
  return levels.map((l) => (l.regulations.length > 0 ? `${l.name} (${l.regulations.join(', ')})` : l.name)).join(', ');
}

function levelsError(text: string): string | undefined {
  const levels = parseLevels(text);
  if (levels.length === 0) return 'list at least one level, e.g. public, internal, confidential (PCI-DSS)';
  for (const level of levels) {
    const name = NameSchema.safeParse(level.name);
    if (!name.success) return `"${level.name}": ${name.error.issues[0]?.message ?? 'not a valid name'}`;
    for (const regulation of level.regulations) {
      const parsed = RegulationSchema.safeParse(regulation);
      if (!parsed.success)
        return `"${regulation}" (for ${level.name}): ${parsed.error.issues[0]?.message ?? 'not valid'}`;
    }
  }
  const lower = levels.map((l) => l.name.toLowerCase());
  const twice = lower.find((name, i) => lower.indexOf(name) !== i);
  return twice ? `each level may appear once (${twice} is listed twice)` : undefined;
}

export const classificationsStep: StepSpec = {
  id: 'classifications',
  title: () => 'Data classifications',
  help: 'Your classification levels, from lowest to highest, each with the regulations that apply to it in brackets. Data of different levels never shares a key (Principle 1).',
  fields: () => [
    {
      id: 'levels',
      label: 'Classification levels, low to high, with regulations in brackets',
      kind: 'text',
      required: true,
      suggested: formatLevels(DEFAULT_CLASSIFICATIONS),
      help: 'e.g. public, internal, confidential (PCI-DSS), restricted (HIPAA, GDPR)',
      explain:
        'Data of different levels never shares a key (Principle 1), so each level you use becomes its own key per application and stage. A regulation in brackets (PCI-DSS, HIPAA, GDPR) adds the audit and rotation evidence that regulation asks for.',
      check: (value) => levelsError(asString(value)),
    },
  ],
  values: ({ draft }) => ({ levels: draft.classifications ? formatLevels(draft.classifications) : undefined }),
  apply: ({ draft }, values) => {
    const text = asString(values.levels);
    const error = levelsError(text);
    if (error) return { ok: false, errors: { levels: error } };
    const classifications = parseLevels(text).map((level) => ClassificationSchema.parse(level));
    return { ok: true, draft: { ...draft, classifications } };
  },
};
