/**
 * Tests that run terraform, cfn-lint or cmark-gfm take seconds on an idle machine and several times
 * that when other test runs share its two cores: they get room, and stay correctness tests (speed
 * targets belong in benchmarks).
 */
export const TOOL_TIMEOUT = { timeout: 240_000 } as const;
