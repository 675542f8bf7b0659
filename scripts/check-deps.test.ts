import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { checkDependencies } from './check-deps.mjs';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
let dirs: string[] = [];

/**
 * A throw-away workspace: `files` maps paths to contents; every `packages/<name>` gets a
 * package.json with the same exports as ours and a node_modules/@rongtong/<name> link,
 * and zod is linked in, so imports resolve the way they do in the real workspace.
 */
function workspace(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'rongtong-deps-'));
  dirs.push(root);
  const names = new Set<string>();
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
    const m = /^packages\/([^/]+)\//.exec(path);
    if (m) names.add(m[1]!);
  }
  mkdirSync(join(root, 'node_modules/@rongtong'), { recursive: true });
  for (const name of names) {
    writeFileSync(
      join(root, 'packages', name, 'package.json'),
      JSON.stringify({ name: `@rongtong/${name}`, type: 'module', exports: { '.': { '@rongtong/source': './src/index.ts' } } }),
    );
    symlinkSync(join(root, 'packages', name), join(root, 'node_modules/@rongtong', name), 'dir');
  }
  symlinkSync(realpathSync(join(repoRoot, 'packages/core/node_modules/zod')), join(root, 'node_modules/zod'), 'dir');
  return root;
}

const ok = {
  'packages/core/src/index.ts': "import { z } from 'zod';\nimport { createHash } from 'node:crypto';\nexport const s = z.string(); export const h = createHash;\n",
  'packages/protocol/src/index.ts': 'export const p = 1;\n',
  'packages/opcua/src/index.ts': "import { s } from '@rongtong/core';\nexport const o = s;\n",
  'packages/mqtt/src/index.ts': "import { s } from '@rongtong/core';\nexport const m = s;\n",
  'packages/agent/src/index.ts': "import { o } from '@rongtong/opcua';\nimport { m } from '@rongtong/mqtt';\nexport const a = [o, m];\n",
  'packages/platform/src/index.ts': "import { p } from '@rongtong/protocol';\nexport const pl = p;\n",
  'packages/client/src/index.ts': "import { p } from '@rongtong/protocol';\nexport const c = p;\n",
};

afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

describe('dependency-direction check', () => {
  it('passes a workspace that follows DESIGN §5', async () => {
    expect(await checkDependencies(workspace(ok))).toEqual([]);
  });

  it('fails when core imports another workspace package', async () => {
    const root = workspace({ ...ok, 'packages/core/src/index.ts': "import { p } from '@rongtong/protocol';\nexport const s = p;\n" });
    const rules = (await checkDependencies(root)).map((v) => v.rule);
    expect(rules).toContain('core-no-workspace');
  });

  it('fails when core imports a workspace package by relative path', async () => {
    const root = workspace({ ...ok, 'packages/core/src/index.ts': "import { p } from '../../protocol/src/index.js';\nexport const s = p;\n" });
    expect((await checkDependencies(root)).map((v) => v.rule)).toContain('core-no-workspace');
  });

  it('fails when core does I/O or uses an npm package other than zod', async () => {
    const root = workspace({
      ...ok,
      'packages/core/src/index.ts': "import { readFileSync } from 'node:fs';\nimport pino from 'pino';\nexport const s = [readFileSync, pino];\n",
    });
    const rules = (await checkDependencies(root)).map((v) => v.rule).sort();
    expect(rules).toEqual(['core-no-io', 'core-only-zod']);
  });

  it('fails when one connector imports another', async () => {
    const root = workspace({ ...ok, 'packages/mqtt/src/index.ts': "import { o } from '@rongtong/opcua';\nexport const m = o;\n" });
    expect((await checkDependencies(root)).map((v) => v.rule)).toContain('connectors-only-core');
  });

  it('fails when the client imports the platform', async () => {
    const root = workspace({ ...ok, 'packages/client/src/index.ts': "import { pl } from '@rongtong/platform';\nexport const c = pl;\n" });
    expect((await checkDependencies(root)).map((v) => v.rule)).toEqual(['client-not-platform']);
  });

  it('fails when the platform imports an adapter', async () => {
    const root = workspace({
      ...ok,
      'packages/store-postgres/src/index.ts': "import { p } from '@rongtong/protocol';\nexport const sp = p;\n",
      'packages/platform/src/index.ts': "import { sp } from '@rongtong/store-postgres';\nexport const pl = sp;\n",
    });
    expect((await checkDependencies(root)).map((v) => v.rule)).toEqual(['platform-not-adapters']);
  });

  it('fails when an example reaches past a package’s public exports', async () => {
    const root = workspace({
      ...ok,
      'packages/core/src/internal.ts': 'export const secret = 1;\n',
      'examples/quickstart/main.ts': "import { secret } from '../../packages/core/src/internal.js';\nexport const e = secret;\n",
    });
    expect((await checkDependencies(root)).map((v) => v.rule)).toEqual(['public-exports-only']);
  });
});
