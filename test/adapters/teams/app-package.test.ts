import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { iconFiles } from '../../../adapters/teams/app-package/icons.js';
import { parseCommand } from '../../../adapters/teams/commands.js';
import { decodePng, unzip } from './unzip.js';

const SOURCE = 'adapters/teams/appPackage';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const BOT_ID = '11111111-2222-3333-4444-555555555555';

type Json = Record<string, unknown>;
const manifest = JSON.parse(readFileSync(join(SOURCE, 'manifest.json'), 'utf8')) as Json;

describe('the Teams app package', () => {
  it('has the manifest fields Teams requires, on a current schema', () => {
    expect(manifest.$schema).toBe(
      'https://developer.microsoft.com/json-schemas/teams/v1.24/MicrosoftTeams.schema.json',
    );
    expect(manifest.manifestVersion).toBe('1.24');
    expect(manifest.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(manifest.id).toMatch(GUID);
    const developer = manifest.developer as Json;
    expect(String(developer.name).length).toBeGreaterThan(0);
    for (const url of ['websiteUrl', 'privacyUrl', 'termsOfUseUrl']) expect(developer[url]).toMatch(/^https:\/\/\S+$/);
    const name = manifest.name as Json;
    expect(String(name.short).length).toBeLessThanOrEqual(30);
    const description = manifest.description as Json;
    expect(String(description.short).length).toBeGreaterThan(0);
    expect(String(description.short).length).toBeLessThanOrEqual(80);
    expect(String(description.full).length).toBeLessThanOrEqual(4000);
    expect(manifest.icons).toEqual({ color: 'color.png', outline: 'outline.png' });
    expect(manifest.accentColor).toMatch(/^#[0-9A-Fa-f]{6}$/);
    expect(manifest.validDomains).toEqual([expect.stringMatching(/^[a-z0-9.-]+\.[a-z]+$/)]);
  });

  it('declares the bot in personal chats, teams and group chats, with files and its commands described', () => {
    const [bot, ...others] = manifest.bots as Json[];
    expect(others).toEqual([]);
    expect(bot?.botId).toMatch(GUID);
    expect(bot?.scopes).toEqual(['personal', 'team', 'groupChat']);
    expect(bot?.supportsFiles).toBe(true);
    const lists = bot?.commandLists as { scopes: string[]; commands: { title: string; description: string }[] }[];
    expect(lists.flatMap((list) => list.scopes).sort()).toEqual(['groupChat', 'personal', 'team']);
    for (const { commands } of lists) {
      expect(commands.length).toBeLessThanOrEqual(12);
      expect(commands.map((command) => command.title)).toEqual(
        expect.arrayContaining(['start', 'status', 'plan', 'audit', 'help']),
      );
      for (const command of commands) {
        expect(command.title.length).toBeLessThanOrEqual(32);
        expect(command.description.length).toBeGreaterThan(10);
        expect(command.description.length).toBeLessThanOrEqual(128);
        // Teams sends the command's title as the message: keyplan must understand it.
        expect(parseCommand(command.title).kind, command.title).not.toBe('invalid');
      }
    }
  });

  it('has a 192×192 colour icon and a 32×32 white-on-transparent outline icon, drawn by code', () => {
    const color = decodePng(readFileSync(join(SOURCE, 'color.png')));
    expect(color).toMatchObject({ width: 192, height: 192, colorType: 6, bitDepth: 8 });
    const outline = decodePng(readFileSync(join(SOURCE, 'outline.png')));
    expect(outline).toMatchObject({ width: 32, height: 32, colorType: 6, bitDepth: 8 });
    let transparent = 0;
    let opaque = 0;
    for (let at = 0; at < outline.pixels.length; at += 4) {
      const [r, g, b, a] = outline.pixels.subarray(at, at + 4);
      if (a === 0) transparent++;
      else expect([r, g, b]).toEqual([255, 255, 255]);
      if (a === 255) opaque++;
    }
    expect(transparent).toBeGreaterThan(32 * 32 * 0.5);
    expect(opaque).toBeGreaterThan(40);
    expect(outline.pixels.readUInt8(3)).toBe(0); // the corner is transparent
    const drawn = iconFiles();
    expect(readFileSync(join(SOURCE, 'color.png')).equals(drawn['color.png'])).toBe(true);
    expect(readFileSync(join(SOURCE, 'outline.png')).equals(drawn['outline.png'])).toBe(true);
  });

  describe('npm run teams:package', () => {
    const work = mkdtempSync(join(tmpdir(), 'keyplan-teams-package-'));
    const source = join(work, 'appPackage');
    afterAll(() => rmSync(work, { recursive: true, force: true }));

    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['dist/adapters/teams/app-package/cli.js', '--source', source, ...args], {
        encoding: 'utf8',
      });

    it('zips the manifest with the bot id and domain, and the icons', () => {
      rmSync(source, { recursive: true, force: true });
      mkdirSync(source, { recursive: true });
      copyFileSync(join(SOURCE, 'manifest.json'), join(source, 'manifest.json'));
      const out = join(work, 'keyplan.zip');
      const done = run('--bot-id', BOT_ID, '--domain', 'keyplan.contoso.com', '--out', out);
      expect(done.stderr).toBe('');
      expect(done.status).toBe(0);
      const entries = unzip(readFileSync(out));
      expect([...entries.keys()]).toEqual(['manifest.json', 'color.png', 'outline.png']);
      const packaged = JSON.parse(String(entries.get('manifest.json'))) as Json;
      expect((packaged.bots as Json[])[0]?.botId).toBe(BOT_ID);
      expect(packaged.validDomains).toEqual(['keyplan.contoso.com']);
      expect(packaged.id).toBe(manifest.id);
      expect(entries.get('color.png')?.equals(readFileSync(join(SOURCE, 'color.png')))).toBe(true);
      expect(entries.get('outline.png')?.equals(readFileSync(join(SOURCE, 'outline.png')))).toBe(true);
    });

    it.each([
      [[], /--bot-id is required/],
      [['--bot-id', 'not-a-guid'], /--bot-id must be the Microsoft App ID/],
      [['--bot-id', '00000000-0000-0000-0000-000000000000'], /--bot-id must be the Microsoft App ID/],
      [['--bot-id', BOT_ID, '--domain', 'https://x'], /--domain must be a host name/],
    ])('refuses %j with exit 2 and what to fix', (args, message) => {
      const refused = run(...args, '--out', join(work, 'never.zip'));
      expect(refused.status).toBe(2);
      expect(refused.stderr).toMatch(message);
    });
  });
});
