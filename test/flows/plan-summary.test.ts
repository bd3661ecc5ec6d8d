import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_FINDINGS_SHOWN, planSummary } from '../../flows/plan-summary.js';
import { recommend } from '../../src/core/index.js';
import { readProfileText } from '../../src/profile-text.js';

describe('the plan summary chat shows first', () => {
  it('names every error and warning of a plan (up to a limit), not only their counts', () => {
    const profile = readProfileText(readFileSync('examples/retail.yaml', 'utf8'));
    profile.applications[0]?.data.push({
      name: 'alerts',
      classification: 'public',
      services: ['sns'],
      keyUsers: ['storefront-app'],
      needs: { control: false, audit: true, byok: false, multiRegion: false },
      access: 'service',
    });
    const plan = recommend(profile);
    const summary = planSummary(plan);
    const serious = plan.findings.filter((f) => f.severity !== 'info');
    expect(serious.length).toBeGreaterThan(0);
    for (const finding of serious.slice(0, MAX_FINDINGS_SHOWN)) {
      expect(summary.lines.some((line) => line.includes(finding.message))).toBe(true);
    }
  });
});
