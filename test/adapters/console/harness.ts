import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { type ConsoleChatResult, runConsoleChat } from '../../../adapters/console/index.js';
import {
  ConversationEngine,
  INTERVIEW_FLOW,
  interviewRegistration,
  type Tenant,
} from '../../../src/conversation/index.js';
import type { Plan } from '../../../src/core/index.js';
import { exportPlanText } from '../../../src/export/index.js';
import type { Store } from '../../../src/store/index.js';
import { openStore } from '../../../src/store/index.js';
import { script } from './script.js';

export interface ChatRun {
  result: ConsoleChatResult;
  /** Everything the adapter printed. */
  transcript: string;
  /** Files savePlan wrote. */
  written: string[];
}

/** A real engine over a real SQLite file, and a terminal user piping answers into it. */
export interface ChatHarness {
  dir: string;
  store: Store;
  tenant: Tenant;
  run(
    lines: readonly string[],
    options?: { conversationId?: string; fresh?: boolean; profile?: unknown; interactive?: boolean },
  ): Promise<ChatRun>;
  close(): Promise<void>;
}

export async function openChatHarness(): Promise<ChatHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'keyplan-console-'));
  const store = await openStore(`sqlite:${join(dir, 'kp.db')}`);
  const engine = new ConversationEngine({ store, flows: [interviewRegistration] });
  const tenant: Tenant = { platform: 'console', workspace: 'local' };
  const savePlan = async (plan: Plan, folder: string) => {
    const out = resolve(dir, folder);
    mkdirSync(out, { recursive: true });
    const files = [
      [join(out, 'keyplan.md'), exportPlanText(plan, 'markdown')],
      [join(out, 'keyplan.json'), exportPlanText(plan, 'json')],
    ] as const;
    for (const [path, content] of files) writeFileSync(path, content);
    return files.map(([path]) => path);
  };
  return {
    dir,
    store,
    tenant,
    async run(lines, options = {}) {
      const input = new PassThrough();
      const output = new PassThrough();
      let transcript = '';
      output.on('data', (chunk: Buffer) => {
        transcript += chunk.toString();
      });
      // The whole script arrives at once, as from a pipe.
      input.end(script(lines));
      const written: string[] = [];
      const result = await runConsoleChat({
        engine,
        tenant,
        userId: 'alice',
        flow: INTERVIEW_FLOW,
        ...(options.conversationId ? { conversationId: options.conversationId } : {}),
        ...(options.fresh ? { fresh: true } : {}),
        ...(options.profile !== undefined ? { profile: options.profile } : {}),
        input,
        output,
        interactive: options.interactive ?? false,
        savePlan: async (plan, folder) => {
          const paths = await savePlan(plan, folder);
          written.push(...paths);
          return paths;
        },
      });
      return { result, transcript, written };
    },
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
