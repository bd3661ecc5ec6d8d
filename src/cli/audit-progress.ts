import type { CollectProgress } from '../audit/inventory/collect.js';
import type { CliIo } from './io.js';

/** Accounts below this many keys finish before a progress line would help. */
export const PROGRESS_MIN_KEYS = 200;
const REDRAW_MS = 200;

export interface ProgressLine {
  update(progress: CollectProgress): void;
  finish(): void;
}

/** One self-overwriting line on stderr, only on a terminal, only for large accounts. */
export function progressLine(io: CliIo, clock: () => number = () => performance.now()): ProgressLine {
  let drawn = false;
  let lastDraw = Number.NEGATIVE_INFINITY;
  return {
    update({ done, listed, listingDone }) {
      if (!io.isTTY || listed < PROGRESS_MIN_KEYS) return;
      const now = clock();
      if (now - lastDraw < REDRAW_MS && !(listingDone && done === listed)) return;
      lastDraw = now;
      drawn = true;
      io.stderr(`\rkeyplan audit: ${done}/${listed}${listingDone ? '' : '+'} keys read`);
    },
    finish() {
      // Erase the line so the report (or an error) starts on a clean one.
      if (drawn) io.stderr('\r\u001b[2K');
      drawn = false;
    },
  };
}
