import auditBench from './audit/audit.bench.js';
import recommendBench from './core/recommend.bench.js';
import engineBench from './engine/engine.bench.js';
import slackAckBench from './slack/ack.bench.js';
import { line } from './support/measure.js';

/** `npm run bench`: every benchmark, each printing its figures against a baseline from the same run. */
const benches: [string, () => Promise<void>][] = [
  ['recommendation core', recommendBench],
  ['conversation engine', engineBench],
  ['live audit', auditBench],
  ['slack acks', slackAckBench],
];
const only = process.argv[2];
for (const [name, bench] of benches) {
  if (only && !name.includes(only)) continue;
  line(`== ${name}`);
  await bench();
}
