import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { recommend, validateProfile } from '../../src/core/index.js';

/** The README's profile is the one users copy: it must validate and plan as the README says. */
describe('the profile shown in README.md', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## The profile'));
  const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? '';

  it('validates and uses every integration field it documents', () => {
    const result = validateProfile(parse(yaml));
    expect(result.ok ? [] : result.issues).toEqual([]);
    if (!result.ok) return;
    const plan = recommend(result.profile);
    const sids = plan.keys.flatMap((k) => k.policy?.Statement.map((s) => s.Sid) ?? []);
    expect(sids).toEqual(
      expect.arrayContaining([
        'AllowPublishersToEncryptedTopicsAndQueues',
        'AllowCloudFrontOriginAccessControl',
        'AllowAutoScalingServiceLinkedRoleUse',
      ]),
    );
  });
});
