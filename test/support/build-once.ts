import { spawnSync } from 'node:child_process';

/**
 * Tests that spawn `keyplan` run the shipped JavaScript, so build it once per test run. tsc still
 * emits when it finds type errors; `npm test` type-checks before it gets here, so a failure is only
 * reported, not thrown, to let `vitest run <folder>` work while another part of the tree is mid-edit.
 */
export default function setup(): void {
  const build = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
    encoding: 'utf8',
  });
  if (build.status !== 0) {
    process.stderr.write(`build-once: tsc reported errors (processes may run stale code):\n${build.stdout}\n`);
  }
}
