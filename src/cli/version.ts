import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const PackageSchema = z.object({ name: z.literal('keyplan'), version: z.string() });

/** keyplan's version from its package.json, found from wherever this file runs (src/ in tests, dist/ shipped). */
export function keyplanVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const parsed = PackageSchema.safeParse(JSON.parse(readFileSync(candidate, 'utf8')));
      if (parsed.success) return parsed.data.version;
    }
    const parent = dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
}
