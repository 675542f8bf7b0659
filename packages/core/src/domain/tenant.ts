import { z } from 'zod';
import { TenantIdSchema } from './identifier.js';
import { TimestampSchema } from './timestamp.js';

/**
 * Tenant: one chain network on a platform deployment, usually one chain leader with its
 * suppliers. Every token, record and event belongs to exactly one tenant; nothing crosses
 * tenants. Mirrors `rongtong.v1.Tenant`.
 */
export const TenantSchema = z
  .object({
    /** Identifier, unique in the deployment: 1–64 characters from `[a-z0-9-]`. */
    id: TenantIdSchema,
    /** Display name, any language, e.g. "长安汽车供应链". */
    name: z.string().regex(/\S/, { error: 'must not be empty or blank' }),
    /** When the tenant was created (ms since the epoch). Set by the platform. */
    createTime: TimestampSchema.optional(),
  })
  .describe('one chain network on a platform deployment');

/** One chain network on a platform deployment (see {@link TenantSchema}). */
export type Tenant = z.infer<typeof TenantSchema>;
