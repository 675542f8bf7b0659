import { z } from 'zod';

/**
 * A permission carried by an API or agent token, spelled as users type it: `ingest`
 * (publish batches, declare equipment), `feed:read`, `capacity:read`, `market:read`,
 * `market:write`, `admin` (enterprises, tokens, agents; does not imply the others).
 * `:` maps to `_` in the proto name (`feed:read` ↔ `SCOPE_FEED_READ`).
 * Values in the order of the proto enum `rongtong.v1.Scope` (`SCOPE_` + upper case).
 */
export const SCOPES = ['ingest', 'feed:read', 'capacity:read', 'market:read', 'market:write', 'admin'] as const;

/** Token permission (see `SCOPES`). */
export type Scope = (typeof SCOPES)[number];

/** zod schema of {@link Scope}. */
export const ScopeSchema = z.enum(SCOPES).describe('token permission');
