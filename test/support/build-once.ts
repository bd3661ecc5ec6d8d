import { execFileSync } from 'node:child_process';

/** Tests that spawn `keyplan` run the shipped JavaScript, so build it once per test run. */
export default function setup(): void {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
    stdio: 'inherit',
  });
}
