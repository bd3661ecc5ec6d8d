import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { type ConsoleChatResult, type PlanFiles, runConsoleChat } from '../../../adapters/console/index.js';
import {
  ConversationEngine,
  INTERVIEW_FLOW,
  interviewRegistration,
  type Tenant,
} from '../../../src/conversation/index.js';
import type { Store } from '../../../src/store/index.js';
import { openStore } from '../../../src/store/index.js';
import { script } from './script.js';

export interface ChatRun {
  result: ConsoleChatResult;
  /** Everything the adapter printed. */
  transcript: string;
  /** The plan's files the run wrote. */
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
  /** Real files under the test's folder, as the command line writes them. */
  const files = (written: string[]): PlanFiles => ({
    async existing(folder, names) {
      return names.filter((name) => existsSync(join(resolve(dir, folder), name)));
    },
    async write(folder, contents) {
      const out = resolve(dir, folder);
      mkdirSync(out, { recursive: true });
      const paths = contents.map((file) => {
        writeFileSync(join(out, file.filename), file.content);
        return join(out, file.filename);
      });
      written.push(...paths);
      return paths;
    },
  });
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
        files: files(written),
      });
      return { result, transcript, written };
    },
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
