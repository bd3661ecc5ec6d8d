import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SUBCOMMANDS } from '../../../adapters/slack/help.js';

/**
 * manifest.json against Slack's documented manifest rules (lengths, patterns, required parts, no unknown
 * keys) and against the code: every Web API method the adapter calls has its scope in the manifest, and
 * the manifest asks for no scope the code does not use. The README's HTTP-mode changes are checked too.
 */

const ROOT = join(import.meta.dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8')) as Record<string, unknown>;

const url = z
  .string()
  .regex(/^https?:\/\//)
  .max(3000);
const ManifestSchema = z.strictObject({
  _metadata: z.strictObject({ major_version: z.number().int(), minor_version: z.number().int() }).optional(),
  display_information: z.strictObject({
    name: z.string().min(1).max(35),
    description: z.string().min(1).max(140).optional(),
    background_color: z
      .string()
      .regex(/^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$/)
      .optional(),
    long_description: z.string().min(175).max(4000).optional(),
  }),
  features: z.strictObject({
    app_home: z
      .strictObject({
        home_tab_enabled: z.boolean().optional(),
        messages_tab_enabled: z.boolean().optional(),
        messages_tab_read_only_enabled: z.boolean().optional(),
      })
      .optional(),
    bot_user: z.strictObject({ display_name: z.string().min(1).max(80), always_online: z.boolean().optional() }),
    slash_commands: z
      .array(
        z.strictObject({
          command: z.string().min(2).max(32).regex(/^\//),
          description: z.string().min(1).max(2000),
          usage_hint: z.string().min(1).max(1000).optional(),
          should_escape: z.boolean().optional(),
          url: url.optional(),
        }),
      )
      .min(1)
      .max(50),
  }),
  oauth_config: z.strictObject({
    scopes: z.strictObject({ bot: z.array(z.string().max(50)).max(255) }),
    redirect_urls: z.array(z.string().max(2500)).optional(),
  }),
  settings: z.strictObject({
    event_subscriptions: z
      .strictObject({
        request_url: url.max(3500).optional(),
        bot_events: z.array(z.string().max(50)).max(100).optional(),
      })
      .optional(),
    interactivity: z.strictObject({ is_enabled: z.boolean(), request_url: url.max(3500).optional() }),
    org_deploy_enabled: z.boolean().optional(),
    socket_mode_enabled: z.boolean().optional(),
    token_rotation_enabled: z.boolean().optional(),
  }),
});
type Manifest = z.infer<typeof ManifestSchema>;

/** Slack's rules that span fields: how each mode reaches keyplan. */
function modeProblems(m: Manifest): string[] {
  const problems: string[] = [];
  const events = m.settings.event_subscriptions?.bot_events ?? [];
  if (new Set(events).size !== events.length) problems.push('bot_events repeat an event');
  const urls = [
    m.settings.interactivity.request_url,
    m.settings.event_subscriptions?.request_url,
    ...m.features.slash_commands.map((c) => c.url),
  ];
  if (m.settings.socket_mode_enabled) return problems;
  // Over HTTP, Slack needs a URL for each, and keyplan answers all of them at POST /slack/events.
  for (const u of urls)
    if (!u?.startsWith('https://') || !u.endsWith('/slack/events')) problems.push(`HTTP mode URL ${u}`);
  return problems;
}

/** The scope each Web API method needs (Slack's method reference); `null`: none. */
const METHOD_SCOPES: Record<string, string | null> = {
  'auth.test': null,
  'views.open': null,
  'views.update': null,
  'views.publish': null,
  'chat.postMessage': 'chat:write',
  'chat.postEphemeral': 'chat:write',
  'chat.update': 'chat:write',
  // Approver groups are read when someone clicks; a Slack admin may change keyplan's settings.
  'usergroups.users.list': 'usergroups:read',
  'users.info': 'users:read',
  // The WebClient's files.uploadV2: files.getUploadURLExternal and files.completeUploadExternal.
  filesUploadV2: 'files:write',
};
/** Scopes a feature needs: a slash command needs `commands`. */
const FEATURE_SCOPES: Record<string, string> = { command: 'commands' };

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

const code = [...sources(join(ROOT, 'adapters', 'slack')), join(ROOT, 'src', 'cli', 'serve', 'slack.ts')]
  .map((file) => readFileSync(file, 'utf8'))
  .join('\n');

function usedByCode(): { methods: Set<string>; features: Set<string>; events: Set<string> } {
  const methods = new Set<string>();
  for (const match of code.matchAll(
    /\.(usergroups\s*\.\s*users|usergroups|auth|views|chat|files|conversations|users|reactions|pins|apps)\s*\.\s*(\w+)\s*\(/g,
  )) {
    // `usergroups.users.list` is one method, never users.list.
    methods.add(`${(match[1] as string).replace(/\s/g, '')}.${match[2]}`);
  }
  if (/\bfilesUploadV2\s*\(/.test(code)) methods.add('filesUploadV2');
  const features = new Set<string>();
  if (/\bapp\.command\s*\(/.test(code)) features.add('command');
  const events = new Set([...code.matchAll(/\bapp\.event\(\s*'([a-z_]+)'/g)].map((m) => m[1] as string));
  return { methods, features, events };
}

/** The HTTP-mode changes the README tells a newcomer to make, merged into the manifest. */
function readmeHttpManifest(): unknown {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const marker = readme.indexOf('<!-- slack-http-manifest -->');
  expect(marker, 'README has the HTTP-mode manifest changes').toBeGreaterThan(0);
  const block = /```json\n([\s\S]*?)```/.exec(readme.slice(marker));
  const changes = JSON.parse(block?.[1] ?? '{}') as unknown;
  const merge = (base: unknown, over: unknown): unknown => {
    if (Array.isArray(base) && Array.isArray(over))
      return base.map((item, i) => (i < over.length ? merge(item, over[i]) : item));
    if (base && over && typeof base === 'object' && typeof over === 'object') {
      const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
      for (const [key, value] of Object.entries(over)) out[key] = key in out ? merge(out[key], value) : value;
      return out;
    }
    return over;
  };
  return merge(structuredClone(manifest), changes);
}

describe('manifest.json', () => {
  it("follows Slack's documented manifest rules, in Socket Mode as shipped", () => {
    const parsed = ManifestSchema.parse(manifest);
    expect(parsed.settings.socket_mode_enabled).toBe(true);
    expect(modeProblems(parsed)).toEqual([]);
  });

  it('asks for exactly the bot scopes the code uses', () => {
    const { methods, features } = usedByCode();
    expect(methods.size).toBeGreaterThan(3);
    const unknown = [...methods].filter((method) => !(method in METHOD_SCOPES));
    expect(unknown, 'a Web API method the code calls has no scope in METHOD_SCOPES: look it up and add it').toEqual([]);
    const needed = new Set<string>([
      ...[...methods].flatMap((method) => (METHOD_SCOPES[method] ? [METHOD_SCOPES[method] as string] : [])),
      ...[...features].map((feature) => FEATURE_SCOPES[feature] as string),
    ]);
    const granted = ManifestSchema.parse(manifest).oauth_config.scopes.bot;
    expect([...granted].sort()).toEqual([...needed].sort());
  });

  it('subscribes to the events the code listens to, and offers what the code serves', () => {
    const m = ManifestSchema.parse(manifest);
    expect(new Set(m.settings.event_subscriptions?.bot_events)).toEqual(usedByCode().events);
    expect(m.features.slash_commands.map((c) => c.command)).toEqual(['/keyplan']);
    expect(code).toContain('app.command(/^\\/keyplan/');
    expect(m.settings.interactivity.is_enabled).toBe(true);
    expect(m.features.app_home?.home_tab_enabled).toBe(true);
    for (const sub of SUBCOMMANDS.slice(1)) {
      const word = sub.usage.split(' ')[1] as string;
      expect(m.features.slash_commands[0]?.usage_hint).toContain(word);
    }
  });

  it("stays valid with the README's changes for HTTP mode, every URL at /slack/events", () => {
    const http = ManifestSchema.parse(readmeHttpManifest());
    expect(http.settings.socket_mode_enabled).toBe(false);
    expect(modeProblems(http)).toEqual([]);
    expect(http.oauth_config.scopes.bot).toEqual(ManifestSchema.parse(manifest).oauth_config.scopes.bot);
  });

  it('catches what Slack would refuse', () => {
    const broken = structuredClone(manifest) as Manifest;
    broken.display_information.name = 'k'.repeat(36);
    expect(ManifestSchema.safeParse(broken).success).toBe(false);
    const noUrl = structuredClone(manifest) as Manifest;
    noUrl.settings.socket_mode_enabled = false;
    expect(modeProblems(noUrl).length).toBeGreaterThan(0);
  });
});
