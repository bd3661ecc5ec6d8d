/**
 * DESIGN §1, enforced: the dependency direction of every layer. dependency-cruiser resolves real
 * imports (static, side-effect, re-exports, literal dynamic imports, type-only imports); a dynamic
 * import with a computed specifier is refused by the Biome plugin in biome-plugins/, since no checker
 * can see where it goes. `npm run lint` runs this; test/architecture.test.ts proves each rule bites.
 */
const LAYERS_ABOVE_CORE = '^(flows|adapters|src/(conversation|store|audit|cli|scheduler)|src/(cli|main|config)\\.ts)';

module.exports = {
  forbidden: [
    {
      name: 'core-is-pure',
      comment: 'src/core is the pure recommendation core: it imports itself and zod, nothing else (no I/O).',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { pathNot: ['^src/core/', '(^|/)node_modules/zod/'] },
    },
    {
      name: 'flows-are-platform-neutral',
      comment: 'flows/ import src/core, themselves, xstate and zod: never an SDK, the store or a platform.',
      severity: 'error',
      from: { path: '^flows/' },
      to: { pathNot: ['^flows/', '^src/core/', '(^|/)node_modules/(xstate|zod)/'] },
    },
    {
      name: 'conversation-knows-no-adapter',
      comment: 'src/conversation is what adapters build on: it never imports an adapter or the command line.',
      severity: 'error',
      from: { path: '^src/conversation/' },
      to: { path: '^(adapters/|src/cli/|src/(cli|main)\\.ts)' },
    },
    {
      name: 'conversation-loads-no-aws-sdk',
      comment: 'The audit runner is injected: importing the conversation layer must not load the AWS SDK.',
      severity: 'error',
      from: { path: '^src/conversation/' },
      to: { path: '(^|/)node_modules/@aws-sdk/', reachable: true },
    },
    {
      name: 'store-is-a-leaf',
      comment: 'src/store persists records; it knows no flow, engine, exporter, audit, adapter or command.',
      severity: 'error',
      from: { path: '^src/store/' },
      to: { path: '^(flows|adapters|src/(conversation|export|audit|cli|scheduler))/' },
    },
    {
      name: 'export-knows-only-the-plan',
      comment: 'src/export turns a plan into files: it imports src/core and text libraries only.',
      severity: 'error',
      from: { path: '^src/export/' },
      to: { path: LAYERS_ABOVE_CORE },
    },
    {
      name: 'audit-is-a-library',
      comment: 'src/audit is a library: argument parsing, output and exit codes live in src/cli.',
      severity: 'error',
      from: { path: '^src/audit/' },
      to: { path: '^(flows|adapters|src/(conversation|store|cli|scheduler)|src/(cli|main)\\.ts)' },
    },
    {
      name: 'scheduler-is-a-library',
      comment: 'src/scheduler claims and runs due reminders over the store; what a reminder does is given to it.',
      severity: 'error',
      from: { path: '^src/scheduler/' },
      to: { path: '^(flows|adapters|src/(conversation|export|audit|cli)|src/(cli|main)\\.ts)' },
    },
    {
      name: 'adapters-are-thin',
      comment: 'Adapters import flows, src/conversation and src/core: never the store, exporters, audit or CLI.',
      severity: 'error',
      from: { path: '^adapters/' },
      to: { path: '^src/(store|export|audit|cli|scheduler)/|^src/(cli|main|config)\\.ts' },
    },
    {
      name: 'adapters-stay-apart',
      comment: 'An adapter never imports another adapter.',
      severity: 'error',
      from: { path: '^adapters/([^/]+)/' },
      to: { path: '^adapters/', pathNot: '^adapters/$1/' },
    },
    {
      name: 'botbuilder-inside-teams',
      comment: 'botbuilder is archived by Microsoft: it stays inside adapters/teams, behind our ports.',
      severity: 'error',
      from: { pathNot: '^adapters/teams/' },
      to: { path: '(^|/)node_modules/(botbuilder|botframework-)' },
    },
    {
      name: 'aws-sdk-inside-audit',
      comment: 'The AWS SDK is used by src/audit and wired by the composition root (src/cli) only.',
      severity: 'error',
      from: { pathNot: '^src/(audit|cli)/' },
      to: { path: '(^|/)node_modules/@aws-sdk/' },
    },
    {
      name: 'no-unresolvable',
      comment: 'Every import resolves: a typo or a missing package is an error here, not at run time.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'] },
  },
};
