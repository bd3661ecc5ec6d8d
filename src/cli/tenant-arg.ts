import { KeyplanError } from '../core/errors.js';
import { terminalText } from '../core/text/terminal-text.js';
import type { Tenant } from '../store/index.js';

/** `--tenant PLATFORM:WORKSPACE` as a tenant; undefined when not given. */
export function tenantArg(command: string, value: string | undefined): Tenant | undefined {
  if (value === undefined) return undefined;
  const match = /^(console|slack|teams):(.+)$/.exec(value.trim());
  if (!match) {
    throw new KeyplanError(
      'USAGE',
      `keyplan ${command}: --tenant is PLATFORM:WORKSPACE, e.g. slack:T0123ABCD (got "${terminalText(value)}")`,
    );
  }
  return { platform: match[1] as Tenant['platform'], workspace: match[2] as string };
}
