import type { Plan } from '../core/plan/schema.js';
import { renderCloudFormation } from './cloudformation.js';
import { renderMarkdown } from './markdown.js';
import { renderTerraform } from './terraform.js';

export type ExportFormat = 'markdown' | 'json' | 'terraform' | 'cloudformation';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['markdown', 'json', 'terraform', 'cloudformation'];

export interface ExportFile {
  /** A suggested file name; the CLI decides where it goes. */
  name: string;
  content: string;
}

export function isExportFormat(value: string): value is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(value);
}

/**
 * The plan as files. One file, except cloudformation: one template per account and region that
 * holds customer managed keys (none when the plan creates no key), split into numbered parts, one
 * stack each, where the keys exceed CloudFormation's template quotas.
 * Terraform and CloudFormation throw a KeyplanError (PLAN_INVALID) for a plan whose keys do not fit
 * together, e.g. a replica whose primary is missing.
 */
export function exportPlan(plan: Plan, format: ExportFormat): ExportFile[] {
  switch (format) {
    case 'markdown':
      return [{ name: 'keyplan.md', content: renderMarkdown(plan) }];
    case 'json':
      return [{ name: 'keyplan.json', content: `${JSON.stringify(plan, null, 2)}\n` }];
    case 'terraform':
      return [{ name: 'keyplan.tf', content: renderTerraform(plan) }];
    case 'cloudformation':
      return renderCloudFormation(plan).map((template) => ({
        name: `kms-${fileSafe(template.account)}-${fileSafe(template.region)}${template.parts > 1 ? `-${template.part}` : ''}.yaml`,
        content: template.text,
      }));
  }
}

/**
 * All files as one text, for stdout or a single --out file. CloudFormation becomes a YAML stream:
 * templates separated by `---`, each starting with a comment that names its account and region.
 */
export function exportPlanText(plan: Plan, format: ExportFormat): string {
  const files = exportPlan(plan, format);
  if (format !== 'cloudformation') return files.map((file) => file.content).join('');
  if (files.length === 0)
    return '# keyplan: the plan has no customer managed keys, so there is no template to deploy.\n';
  return files.map((file) => file.content).join('---\n');
}

/** Account ids and region names are plain already; this only guards the file name against odd plan text. */
function fileSafe(part: string): string {
  return part.replace(/[^A-Za-z0-9_-]+/g, '_');
}
