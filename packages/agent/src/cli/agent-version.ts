import { createRequire } from 'node:module';

/**
 * The agent's version, from its package.json (the same path from `src/cli` and `dist/cli`),
 * sent in `Hello` and at enrolment.
 */
export const AGENT_VERSION: string = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
