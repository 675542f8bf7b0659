// Dependency-direction rules of DESIGN.md §5, for dependency-cruiser.
// Paths are relative to the workspace root (or to a fixture root in tests).

/** npm dependency types (anything resolved from node_modules or not resolved at all). */
const EXTERNAL = ['npm', 'npm-dev', 'npm-peer', 'npm-optional', 'npm-no-pkg', 'npm-unknown', 'unknown', 'undetermined'];
const NOT_TESTS = '\\.test\\.ts$';
const inModules = (names) => `(^|/)node_modules/(${names.join('|')})/`;

/** @type {import('dependency-cruiser').IForbiddenRuleType[]} */
export const forbidden = [
  {
    name: 'core-only-zod',
    comment: 'core depends on zod only (DESIGN §5): no workspace package, no other npm package',
    severity: 'error',
    from: { path: '^packages/core/src/', pathNot: NOT_TESTS },
    to: { dependencyTypes: EXTERNAL, pathNot: inModules(['zod']) },
  },
  {
    name: 'core-no-workspace',
    comment: 'core imports no other workspace package',
    severity: 'error',
    from: { path: '^packages/core/' },
    to: { path: '^packages/', pathNot: '^packages/core/' },
  },
  {
    name: 'core-no-io',
    comment: 'core does no I/O: of the Node.js built-ins only crypto is allowed',
    severity: 'error',
    from: { path: '^packages/core/src/', pathNot: NOT_TESTS },
    to: { dependencyTypes: ['core'], pathNot: '^(node:)?crypto$' },
  },
  {
    name: 'protocol-only-runtime',
    comment: 'protocol depends on the protobuf runtime only (protobufjs, @grpc/proto-loader, types of @grpc/grpc-js)',
    severity: 'error',
    from: { path: '^packages/protocol/src/', pathNot: NOT_TESTS },
    to: { dependencyTypes: EXTERNAL, pathNot: inModules(['protobufjs', '@grpc/proto-loader', '@grpc/grpc-js', 'long']) },
  },
  {
    name: 'protocol-no-workspace',
    comment: 'protocol imports no other workspace package',
    severity: 'error',
    from: { path: '^packages/protocol/' },
    to: { path: '^packages/', pathNot: '^packages/protocol/' },
  },
  {
    name: 'connectors-only-core',
    comment: 'connectors (opcua, mqtt) depend on core, never on each other or on agent/platform',
    severity: 'error',
    from: { path: '^packages/(opcua|mqtt)/' },
    to: { path: '^packages/', pathNot: ['^packages/core/', '^packages/$1/'] },
  },
  {
    name: 'only-agent-wires-connectors',
    comment: 'only the agent (and the simulator that exercises them) wires connectors together',
    severity: 'error',
    from: { path: '^packages/', pathNot: ['^packages/(agent|opcua|mqtt|simulator)/'] },
    to: { path: '^packages/(opcua|mqtt)/' },
  },
  {
    name: 'client-not-platform',
    comment: 'client never imports the platform, its adapters or the agent',
    severity: 'error',
    from: { path: '^packages/client/' },
    to: { path: '^packages/(platform|store-postgres|bus-nats|agent)/' },
  },
  {
    name: 'platform-not-adapters',
    comment: 'the platform does not import its adapters; they plug in through the Store and Bus interfaces',
    severity: 'error',
    from: { path: '^packages/platform/' },
    to: { path: '^packages/(store-postgres|bus-nats)/' },
  },
  {
    name: 'adapters-only-interfaces',
    comment: 'adapters depend on core, protocol and the platform interfaces (and testkit in tests) only',
    severity: 'error',
    from: { path: '^packages/(store-postgres|bus-nats)/' },
    to: { path: '^packages/', pathNot: ['^packages/(core|protocol|platform|testkit)/', '^packages/$1/'] },
  },
  {
    name: 'public-exports-only',
    comment: "a package uses another package only through its public exports (src/index.ts), never a deep path",
    severity: 'error',
    from: { path: '^(packages/([^/]+)|examples|bench)/' },
    to: { path: '^packages/([^/]+)/src/', pathNot: ['^packages/[^/]+/src/index\\.ts$', '^packages/$2/'] },
  },
  {
    name: 'runtime-only-for-processes',
    comment: 'runtime (SQLite, CLI helpers) serves the agent and platform processes only, never connectors, client or core',
    severity: 'error',
    from: { path: '^packages/', pathNot: ['^packages/(agent|platform|runtime)/'] },
    to: { path: '^packages/runtime/' },
  },
  {
    name: 'runtime-deps',
    comment: 'runtime depends on core, better-sqlite3 and pino only',
    severity: 'error',
    from: { path: '^packages/runtime/src/', pathNot: NOT_TESTS },
    to: { path: '^packages/', pathNot: ['^packages/(core|runtime)/'] },
  },
  {
    name: 'no-circular',
    comment: 'no import cycles at run time (type-only imports are erased, so they may close a loop)',
    severity: 'error',
    from: {},
    to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
  },
];
