import { defineRule } from '../rule.js';

export const TAG_VALUE_MAX_LENGTH = 256;
/** What AWS accepts in a tag value: letters, digits, spaces and `_ . : / = + - @`. */
const TAG_VALUE_ILLEGAL = /[^\p{L}\p{N}\p{Zs}_.:/=+\-@]+/gu;

/** Illegal characters replaced, not yet cut to length. */
function cleanTagValue(value: string): string {
  return value.replace(TAG_VALUE_ILLEGAL, '-').trim();
}

export function tagValue(value: string): string {
  const cleaned = cleanTagValue(value);
  return cleaned.length <= TAG_VALUE_MAX_LENGTH ? cleaned : cleaned.slice(0, TAG_VALUE_MAX_LENGTH).trimEnd();
}

/** A list in one tag value: as many names as fit, then how many more. */
function listValue(names: readonly string[]): string {
  // Measure before cutting: a list cut at a space would otherwise pass for whole and drop names silently.
  const whole = cleanTagValue(names.join(' '));
  if (whole.length <= TAG_VALUE_MAX_LENGTH) return whole;
  const kept: string[] = [];
  for (const name of names) {
    const more = ` +${names.length - kept.length - 1} more`;
    if (cleanTagValue([...kept, name].join(' ')).length + more.length > TAG_VALUE_MAX_LENGTH) break;
    kept.push(name);
  }
  return tagValue(`${kept.join(' ')} +${names.length - kept.length} more`);
}

export interface TagInput {
  application: string;
  stage: string;
  classification: string;
  owner: string;
  dataSets: readonly string[];
  /** Regulations of the classification (HIPAA, PCI-DSS, ...): tagged where there are any. */
  regulations?: readonly string[];
}

/** DESIGN §4.6: ownership tags the audit and cost reports rely on. */
export const tagsRule = defineRule(
  {
    id: 'tags',
    principle: 'P2',
    title: 'Ownership tags',
    rationale:
      'Application, Stage, Classification and Owner tags make every key traceable to its team in audits and cost reports; Regulation names the regulations that apply; ManagedBy marks keys keyplan planned.',
  },
  (_context, input: TagInput): Record<string, string> => ({
    Application: tagValue(input.application),
    Stage: tagValue(input.stage),
    Classification: tagValue(input.classification),
    ...(input.regulations && input.regulations.length > 0 ? { Regulation: listValue(input.regulations) } : {}),
    Owner: tagValue(input.owner),
    DataSets: listValue(input.dataSets),
    ManagedBy: 'keyplan',
  }),
);
