import type { Attachment } from '../../src/conversation/index.js';

/**
 * The plan's export formats as Slack offers them (`/keyplan plan <format>`, the buttons under a plan).
 * The conversation layer attaches every export to a plan summary; each format is told apart by its
 * media type, so the adapter never needs the exporters.
 */
export const EXPORT_CHOICES = [
  { format: 'markdown', mediaType: 'text/markdown', button: 'Markdown report', language: 'markdown' },
  { format: 'json', mediaType: 'application/json', button: 'JSON', language: 'json' },
  { format: 'terraform', mediaType: 'text/plain', button: 'Terraform', language: 'hcl' },
  { format: 'cloudformation', mediaType: 'application/yaml', button: 'CloudFormation', language: 'yaml' },
] as const;

export type ExportChoice = (typeof EXPORT_CHOICES)[number];
export type ExportFormatName = ExportChoice['format'];

export const EXPORT_FORMAT_NAMES: readonly ExportFormatName[] = EXPORT_CHOICES.map((choice) => choice.format);

export function exportChoice(format: string): ExportChoice | undefined {
  return EXPORT_CHOICES.find((choice) => choice.format === format.toLowerCase());
}

const PREFIX = 'kpx:';

export const exportActionId = (format: ExportFormatName) => `${PREFIX}${format}`;
export const EXPORT_ACTION = /^kpx:/;

export function formatOfAction(actionId: string): ExportChoice | undefined {
  return actionId.startsWith(PREFIX) ? exportChoice(actionId.slice(PREFIX.length)) : undefined;
}

/** The files of one format among a plan's attachments. */
export function filesOf(attachments: readonly Attachment[], choice: ExportChoice): Attachment[] {
  return attachments.filter((attachment) => attachment.mediaType === choice.mediaType);
}
