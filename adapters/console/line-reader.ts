import { createInterface } from 'node:readline';

/** One answer per call; `undefined` means the input ended (end of pipe, Ctrl-D or Ctrl-C). */
export interface LineReader {
  ask(prompt: string): Promise<string | undefined>;
  close(): void;
}

export interface LineReaderOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  interactive: boolean;
}

/**
 * Reads answers with one async iterator created up front: it buffers lines in order, so a pipe that
 * delivers the whole script at once is consumed line by line (readline's `question()` drops lines
 * that arrive while nobody is asking).
 */
export function openLineReader({ input, output, interactive }: LineReaderOptions): LineReader {
  // Only a terminal gets readline's line editing and echo; a pipe must not see escape codes.
  const rl = createInterface(
    interactive
      ? { input, output, terminal: true, crlfDelay: Infinity }
      : { input, terminal: false, crlfDelay: Infinity },
  );
  const lines = rl[Symbol.asyncIterator]();
  let closed = false;
  const stop = () => {
    if (closed) return;
    closed = true;
    process.removeListener('SIGINT', stop);
    rl.close();
  };
  // Ctrl-C reaches readline as a key on a terminal and as a signal when stdin is a pipe: both end
  // the input, so the loop finishes the turn in flight and says progress is saved.
  rl.on('SIGINT', stop);
  process.once('SIGINT', stop);
  rl.once('close', () => {
    closed = true;
    process.removeListener('SIGINT', stop);
  });

  return {
    async ask(prompt) {
      if (interactive && !closed) {
        rl.setPrompt(prompt);
        rl.prompt();
      } else {
        output.write(prompt);
      }
      const next = await lines.next();
      const line = next.done ? undefined : String(next.value);
      // A piped transcript shows each answer after its prompt, as a terminal would have echoed it.
      if (!interactive) output.write(line === undefined ? '\n' : `${line}\n`);
      else if (line === undefined) output.write('\n');
      return line;
    },
    close: stop,
  };
}
