import { defaultServerConditions } from 'vite';
import { defineProject, type UserWorkspaceConfig } from 'vitest/config';

/**
 * The vitest project every package uses: tests next to the code (`src/**\/*.test.ts`)
 * and integration tests in `test/`, resolving workspace packages to their TypeScript
 * sources through the `@rongtong/source` export condition (no build needed to test).
 */
export function rongtongProject(name: string, extra: UserWorkspaceConfig['test'] = {}): UserWorkspaceConfig {
  return defineProject({
    resolve: { conditions: ['@rongtong/source', ...defaultServerConditions] },
    ssr: { resolve: { conditions: ['@rongtong/source', ...defaultServerConditions] } },
    test: {
      name,
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      environment: 'node',
      // Integration tests run real servers on 2 shared cores in CI: generous bounds,
      // so a busy machine is not mistaken for a failure (each test is bounded anyway).
      testTimeout: 20_000,
      hookTimeout: 30_000,
      ...extra,
    },
  });
}
