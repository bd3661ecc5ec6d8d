import auditBench from './audit.bench.js';

/** Standalone: `npx tsc -p tsconfig.build.json && node dist/bench/audit/run.js`. */
await auditBench();
