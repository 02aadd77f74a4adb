/**
 * The layers of deploy-lint (docs/architecture.md, "Layers"), checked by
 * dependency-cruiser: `npx depcruise src rules` (test/layers.test.ts runs it).
 * Data flows one way: discover → parsers → facts → graph → rules → reporters.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'graph-not-parsers',
      comment: 'The graph is built from facts (src/model) and systemd semantics (src/systemd), never from a parser.',
      severity: 'error',
      from: { path: '^src/graph/' },
      to: { path: '^src/parsers/' },
    },
    {
      name: 'rules-only-graph-and-api',
      comment: 'Rules see the graph and the rule API: no parsers, reporters, CLI, or the graph builder internals.',
      severity: 'error',
      from: { path: '^rules/' },
      to: { path: '^src/(parsers|report|cli|graph/build)/' },
    },
    {
      name: 'reporters-only-diagnostics',
      comment: 'Reporters see diagnostics: the model, the finding registry and the finding key (and runtime helpers such as lazy loading), never the graph, parsers or rule internals.',
      severity: 'error',
      from: { path: '^src/report/' },
      to: { path: '^(src|rules)/', pathNot: '^src/(model|report|runtime)/|^src/baseline/key\\.ts$|^src/config/kinds\\.ts$|^rules/registry\\.ts$' },
    },
    {
      name: 'parsers-not-downstream',
      comment: 'Parsers produce facts; they know nothing of rules, the graph, reporters or the CLI.',
      severity: 'error',
      from: { path: '^src/parsers/' },
      to: { path: '^(rules/|src/(graph|report|cli)/)' },
    },
    {
      name: 'systemd-and-model-at-the-bottom',
      comment: 'systemd semantics and the model are used by every layer above and import none of them.',
      severity: 'error',
      from: { path: '^src/(systemd|model)/' },
      to: { path: '^(rules/|src/(parsers|graph|report|cli|discover|config|suppress|baseline|export|boot|lsp)/)' },
    },
    {
      name: 'cli-is-the-top',
      comment: 'The command line uses every layer and none uses it (the language server is its peer, not its user).',
      severity: 'error',
      from: { path: '^(src|rules)/', pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'src-not-test',
      comment: 'Shipped code never imports test code (test/nix-reference is for the differential test and bench/).',
      severity: 'error',
      from: { path: '^(src|rules)/' },
      to: { path: '^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
