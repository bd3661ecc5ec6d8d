// Preloaded into `keyplan` by spawn-bounded.ts: records the process's peak memory (KB) when it exits.
import { writeFileSync } from 'node:fs';

const target = process.env.KEYPLAN_TEST_RSS_FILE;
if (target) {
  process.on('exit', () => {
    try {
      writeFileSync(target, String(process.resourceUsage().maxRSS));
    } catch {
      // Best effort: the test then reports no figure.
    }
  });
}
