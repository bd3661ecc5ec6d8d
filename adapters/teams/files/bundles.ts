import type { Attachment } from '../../../src/conversation/index.js';
import { zip } from './zip.js';

/** A file as keyplan hands it out in Teams: a download or an upload to OneDrive. */
export interface OfferedFile {
  filename: string;
  title: string;
  mediaType: string;
  body(): Buffer;
}

function slug(title: string): string {
  return (
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'files'
  );
}

/**
 * A reply's attachments grouped as people take them: one file per kind, and a kind with several
 * files (CloudFormation has one template per account and region) as one ZIP. A card then lists a
 * handful of files however large the plan, and a personal chat asks for consent once per kind.
 */
export function offeredFiles(attachments: readonly Attachment[]): OfferedFile[] {
  const groups = new Map<string, Attachment[]>();
  for (const attachment of attachments)
    groups.set(attachment.title, [...(groups.get(attachment.title) ?? []), attachment]);
  return [...groups].map(([title, files]): OfferedFile => {
    const [only] = files;
    if (files.length === 1 && only) {
      return {
        filename: only.filename,
        title,
        mediaType: only.mediaType,
        body: () => Buffer.from(only.content, 'utf8'),
      };
    }
    return {
      filename: `keyplan-${slug(title)}.zip`,
      title: `${title} (${files.length} files)`,
      mediaType: 'application/zip',
      body: () => zip(files.map((file) => ({ name: file.filename, data: Buffer.from(file.content, 'utf8') }))),
    };
  });
}
