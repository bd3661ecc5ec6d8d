import { stringify } from 'yaml';
import type { Profile } from '../core/index.js';

/**
 * A validated profile as the YAML `keyplan plan` and `keyplan chat --from` read back: every default
 * written out, so the file says exactly what the plan was made from.
 */
export function profileToYaml(profile: Profile): string {
  const header = [
    `# keyplan profile: ${profile.organization.name.replace(/[\r\n\u0085\u2028\u2029]/g, ' ')}`,
    '# `keyplan plan profile.yaml` turns it into the key plan again; `keyplan chat --from profile.yaml` reviews it.',
  ].join('\n');
  return `${header}\n${stringify(profile, { lineWidth: 0 })}`;
}
