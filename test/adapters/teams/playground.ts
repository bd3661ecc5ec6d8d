import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import type { FormField } from '../../../src/conversation/index.js';

/**
 * Microsoft's own client, headless: the Microsoft 365 Agents Playground (the npm devDependency, the
 * same Adaptive Cards renderer as Teams) in Debian's Chromium, driven by playwright-core.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
];

export function chromiumPath(): string {
  const found = spawnSync('which', ['chromium'], { encoding: 'utf8' }).stdout.trim();
  if (!found) {
    throw new Error(
      'Chromium is not installed: the Playground test drives Microsoft 365 Agents Playground in it. Install it with `apt-get install -y chromium` (.ci/run does).',
    );
  }
  return found;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface Playground {
  url: string;
  process: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

/** Starts the Playground against a bot endpoint; resolves once it listens (within `timeoutMs`). */
export async function startPlayground(endpoint: string, timeoutMs = 30_000): Promise<Playground> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      'node_modules/@microsoft/m365agentsplayground/cli.js',
      '--app-endpoint',
      endpoint,
      '--channel-id',
      'msteams',
      '--port',
      String(port),
      '--disable-telemetry',
    ],
    // Without TEAMSAPPTESTER_BROWSER=none it tries to open a browser and exits.
    { env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  const listening = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the Playground did not start in ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const check = () => {
      const match = /Listening on (\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the Playground exited (${code}) before it listened:\n${output}`));
    });
  });
  return {
    url: `http://localhost:${listening}/`,
    process: child,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) {
          resolve();
          return;
        }
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, timeout: 30_000 });
}

/** Types a message in the Playground's compose box and sends it. */
export async function typeMessage(page: Page, text: string): Promise<void> {
  const box = page.locator('[data-lexical-editor="true"]');
  await box.click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

/**
 * What sits under an Adaptive Card label: the input, radio group or check boxes of that question.
 * Located by the label's text each time it is used (never by the renderer's ids), so it survives the
 * card being drawn again when the update for everyone arrives after the press's own answer.
 */
function labelled(card: Locator, label: string): Locator {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return card
    .locator('label.ac-richTextBlock')
    .filter({ hasText: new RegExp(`^\\s*${escaped}(\\s*\\*)?\\s*$`) })
    .locator('xpath=following-sibling::div[1]');
}

/**
 * A check box by the text beside it. The renderer names it by `aria-label`, but `aria-labelledby`
 * (the question too) wins in the accessible name, so match the attribute itself.
 */
function checkbox(container: Locator, label: string): Locator {
  return container.locator(`input[type="checkbox"][aria-label=${JSON.stringify(label)}]`);
}

function listOf(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  return (Array.isArray(value) ? value.map(String) : String(value).split(/[\s,;]+/)).filter(Boolean);
}

function titleOf(field: FormField, value: string): string {
  return field.options?.find((option) => option.value === value)?.label ?? value;
}

/**
 * Answers one field as a person would in the rendered card, by its kind: types into text boxes,
 * picks radio buttons and check boxes, opens drop-downs and ticks their items.
 */
export async function answer(page: Page, card: Locator, field: FormField, value: unknown): Promise<void> {
  switch (field.kind) {
    case 'yes-no': {
      const yes = ['true', 'yes', 'y', '1'].includes(String(value).toLowerCase());
      await checkbox(card, field.label).setChecked(yes);
      return;
    }
    case 'select': {
      const input = labelled(card, field.label);
      const combobox = input.getByRole('combobox');
      await combobox.or(input.locator('input[type="radio"]')).first().waitFor();
      if ((await combobox.count()) > 0) {
        await combobox.click();
        await page.getByRole('option', { name: titleOf(field, String(value)), exact: true }).click();
      } else {
        // Radio buttons carry the option's value.
        await input.locator(`input[type="radio"][value=${JSON.stringify(String(value))}]`).check();
      }
      return;
    }
    case 'multi-select': {
      const input = labelled(card, field.label);
      const wanted = new Set(listOf(value));
      const current = new Set(listOf(field.value ?? field.suggested));
      const toggle = [...new Set([...wanted, ...current])].filter(
        (option) => wanted.has(option) !== current.has(option),
      );
      const combobox = input.getByRole('combobox');
      await combobox.or(input.locator('input[type="checkbox"]')).first().waitFor();
      if ((await combobox.count()) > 0) {
        if (toggle.length === 0) return;
        await combobox.click();
        const menu = page.getByRole('menu');
        for (const option of toggle) {
          await menu.getByRole('menuitemcheckbox', { name: titleOf(field, option), exact: true }).click();
        }
        await page.keyboard.press('Escape');
      } else {
        for (const option of toggle) {
          await checkbox(input, titleOf(field, option)).setChecked(wanted.has(option));
        }
      }
      return;
    }
    default:
      await labelled(card, field.label)
        .locator('input, textarea')
        .fill(Array.isArray(value) ? value.join(', ') : String(value));
  }
}
