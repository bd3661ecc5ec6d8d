import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { KeyplanError } from '../../../src/core/index.js';
import { zip } from '../files/zip.js';
import { iconFiles } from './icons.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PLACEHOLDER_BOT_ID = '00000000-0000-0000-0000-000000000000';
const DOMAIN = /^(?!-)[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63})+$/i;
const https = z.string().url().startsWith('https://');

const Command = z.object({ title: z.string().min(1).max(32), description: z.string().min(1).max(128) });

/** The parts of the Teams app manifest keyplan relies on, with the limits Teams enforces. */
export const ManifestSchema = z
  .object({
    $schema: z.string().regex(/\/teams\/v1\.\d+\/MicrosoftTeams\.schema\.json$/),
    manifestVersion: z.string().regex(/^1\.\d+$/),
    version: z.string().regex(/^\d+\.\d+\.\d+$/),
    id: z.string().regex(GUID),
    developer: z.object({
      name: z.string().min(1).max(32),
      websiteUrl: https,
      privacyUrl: https,
      termsOfUseUrl: https,
    }),
    name: z.object({ short: z.string().min(1).max(30), full: z.string().max(100).optional() }),
    description: z.object({ short: z.string().min(1).max(80), full: z.string().min(1).max(4000) }),
    icons: z.object({ color: z.literal('color.png'), outline: z.literal('outline.png') }),
    accentColor: z.string().regex(/^#[0-9a-f]{6}$/i),
    bots: z
      .array(
        z.object({
          botId: z.string().regex(GUID),
          scopes: z.array(z.enum(['personal', 'team', 'groupChat', 'copilot'])).min(1),
          supportsFiles: z.boolean().optional(),
          commandLists: z
            .array(
              z.object({
                scopes: z.array(z.enum(['personal', 'team', 'groupChat'])),
                commands: z.array(Command).max(12),
              }),
            )
            .optional(),
        }),
      )
      .length(1),
    validDomains: z.array(z.string().regex(DOMAIN)),
  })
  .passthrough();
export type Manifest = z.infer<typeof ManifestSchema>;

export interface PackageOptions {
  /** The folder holding manifest.json (adapters/teams/appPackage). */
  source: string;
  /** The Microsoft App ID of the Azure Bot: the manifest's bot id. */
  botId: string;
  /** The host keyplan is reached on, for validDomains (e.g. keyplan.contoso.com). */
  domain?: string;
}

export function readManifest(source: string): Manifest {
  const parsed = ManifestSchema.safeParse(JSON.parse(readFileSync(join(source, 'manifest.json'), 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new KeyplanError('CONFIG_INVALID', `manifest.json: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
  }
  return parsed.data;
}

/** The app package's files: the manifest with this bot's id (and domain), and the icons drawn by code. */
export function appPackageFiles(options: PackageOptions): Record<string, Buffer> {
  if (!GUID.test(options.botId) || options.botId === PLACEHOLDER_BOT_ID) {
    throw new KeyplanError(
      'USAGE',
      `--bot-id must be the Microsoft App ID of your Azure Bot (MicrosoftAppId, a GUID); got "${options.botId}"`,
    );
  }
  if (options.domain !== undefined && !DOMAIN.test(options.domain)) {
    throw new KeyplanError(
      'USAGE',
      `--domain must be a host name such as keyplan.contoso.com; got "${options.domain}"`,
    );
  }
  const manifest = readManifest(options.source);
  const [bot] = manifest.bots;
  const filled = {
    ...manifest,
    bots: [{ ...bot, botId: options.botId }],
    ...(options.domain ? { validDomains: [options.domain] } : {}),
  };
  return { 'manifest.json': Buffer.from(`${JSON.stringify(filled, null, 2)}\n`, 'utf8'), ...iconFiles() };
}

/**
 * `npm run teams:package`: draws the icons into the source folder (the same bytes every time) and
 * writes the ZIP Teams side-loads: manifest.json, color.png and outline.png at its root.
 */
export function packageTeamsApp(options: PackageOptions & { out: string }): { out: string; files: string[] } {
  const files = appPackageFiles(options);
  for (const name of ['color.png', 'outline.png'] as const)
    writeFileSync(join(options.source, name), files[name] as Buffer);
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, zip(Object.entries(files).map(([name, data]) => ({ name, data }))));
  return { out: options.out, files: Object.keys(files) };
}
