#!/usr/bin/env node
// Checks the dependency-direction rules (scripts/dependency-rules.mjs) over the workspace.
// Usage: node scripts/check-deps.mjs [rootDir]   — exits 1 and lists each violation.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise } from 'dependency-cruiser';
import { forbidden } from './dependency-rules.mjs';

/**
 * Runs the rules over `rootDir` (its packages/, examples/ and bench/ folders).
 * @param {string} rootDir
 * @returns {Promise<{ rule: string, from: string, to: string }[]>}
 */
export async function checkDependencies(rootDir) {
  const roots = ['packages', 'examples', 'bench'].filter((d) => existsSync(resolve(rootDir, d)));
  const previous = process.cwd();
  process.chdir(rootDir);
  try {
    const { output } = await cruise(
      roots,
      {
        validate: true,
        ruleSet: { forbidden },
        doNotFollow: { path: 'node_modules' },
        exclude: { path: ['(^|/)node_modules/', '(^|/)dist/', '/src/gen/'] },
        tsPreCompilationDeps: true,
        combinedDependencies: false,
        enhancedResolveOptions: {
          exportsFields: ['exports'],
          conditionNames: ['@rongtong/source', 'import', 'node', 'default', 'types'],
          extensions: ['.ts', '.mts', '.js', '.mjs', '.json'],
        },
        outputType: 'json',
      },
      { extensionAlias: { '.js': ['.ts', '.js'], '.mjs': ['.mts', '.mjs'] } },
    );
    const result = typeof output === 'string' ? JSON.parse(output) : output;
    return result.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to }));
  } finally {
    process.chdir(previous);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(process.argv[2] ?? '.');
  const violations = await checkDependencies(root);
  for (const v of violations) console.error(`dependency rule ${v.rule}: ${v.from} → ${v.to}`);
  if (violations.length > 0) {
    console.error(`${violations.length} dependency rule violation(s)`);
    process.exit(1);
  }
  console.log('dependency rules: ok');
}
