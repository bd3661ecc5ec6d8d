import { z } from 'zod';
import type { OfferedFile } from './bundles.js';

/**
 * Real file attachments, where Teams lets a bot send them: in a personal chat the bot offers a file
 * with a consent card, the user allows it, Teams hands over an upload session in the user's OneDrive,
 * and the bot uploads the bytes and posts the file's card. (Group chats and channels need Microsoft
 * Graph and SharePoint permissions instead; keyplan links its files there.) The manifest declares
 * `supportsFiles` for this.
 */
export const FILE_CONSENT_CARD = 'application/vnd.microsoft.teams.card.file.consent';
export const FILE_INFO_CARD = 'application/vnd.microsoft.teams.card.file.info';
export const FILE_CONSENT_INVOKE = 'fileConsent/invoke';

/** What the consent card carries back: which stored plan's file was offered. */
const OfferSchema = z.object({ keyplan: z.object({ planId: z.string().min(1), filename: z.string().min(1) }) });
export type FileOffer = z.infer<typeof OfferSchema>['keyplan'];

export const FileConsentSchema = z.object({
  type: z.literal('fileUpload').optional(),
  action: z.enum(['accept', 'decline']),
  context: OfferSchema,
  uploadInfo: z
    .object({
      name: z.string().min(1),
      uploadUrl: z.string().url(),
      contentUrl: z.string().min(1),
      uniqueId: z.string().min(1),
      fileType: z.string().optional(),
    })
    .optional(),
});
export type FileConsent = z.infer<typeof FileConsentSchema>;

export function consentCard(file: OfferedFile, offer: FileOffer) {
  const context = { keyplan: offer };
  return {
    contentType: FILE_CONSENT_CARD,
    name: file.filename,
    content: {
      description: `${file.title} (${file.filename}) from keyplan`,
      sizeInBytes: file.body().length,
      acceptContext: context,
      declineContext: context,
    },
  };
}

/** The card Teams shows for a file now in the user's OneDrive. */
export function fileInfoCard(upload: NonNullable<FileConsent['uploadInfo']>) {
  const extension = upload.name.includes('.') ? upload.name.split('.').pop() : undefined;
  return {
    contentType: FILE_INFO_CARD,
    contentUrl: upload.contentUrl,
    name: upload.name,
    content: { uniqueId: upload.uniqueId, fileType: upload.fileType ?? extension ?? 'txt' },
  };
}

/** Uploads the whole file in one range to the upload session Teams opened. */
export async function upload(uploadUrl: string, body: Buffer): Promise<void> {
  const response = await fetch(uploadUrl, {
    method: 'PUT',
    headers: {
      'content-length': String(body.length),
      'content-range': `bytes 0-${Math.max(0, body.length - 1)}/${body.length}`,
    },
    body,
  });
  if (!response.ok) throw new Error(`the upload to OneDrive answered ${response.status}`);
}
