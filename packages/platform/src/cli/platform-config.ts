import { readFileSync } from 'node:fs';
import { ListenAddressSchema, fromZodError } from '@rongtong/core';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { CapacityOptionsSchema } from '../capacity/options.js';


/** `platform.yaml`: everything `rongtong-platform serve` needs. Flags override the file. */
export const PlatformConfigSchema = z
  .object({
    /** gRPC address to bind. */
    listen: ListenAddressSchema.default('127.0.0.1:7600'),
    /** Folder for the SQLite database (created if missing). */
    dataDir: z.string().min(1).default('./rongtong-data'),
    /** `sqlite` (a file in dataDir), `sqlite:<path>`, or `sqlite::memory:` (nothing kept). */
    store: z.string().regex(/^sqlite(:.+)?$/, { error: 'must be "sqlite", "sqlite:<path>" or "sqlite::memory:"' }).default('sqlite'),
    /** SQLite `synchronous`: `normal` (a power loss may roll back the last acknowledged batches) or `full`. */
    durability: z.enum(['normal', 'full']).default('normal'),
    /** TLS of the gRPC port; plaintext without it (loopback only). */
    tls: z
      .object({
        cert: z.string().min(1),
        key: z.string().min(1),
        ca: z.string().min(1).optional(),
        requireClientCert: z.boolean().default(false),
      })
      .strict()
      .optional(),
    /** Prometheus endpoint (`GET /metrics`); off when absent. */
    metrics: z.object({ listen: ListenAddressSchema.default('127.0.0.1:9464') }).strict().optional(),
    /** Limits; see `PlatformLimits`. */
    limits: z
      .object({
        maxBatchBytes: z.number().int().min(1024 * 1024),
        maxInFlight: z.number().int().min(1).max(1024),
        feedBufferEvents: z.number().int().min(16),
        feedSlowConsumerMs: z.number().int().min(100),
        feedHeartbeatMs: z.number().int().min(100),
      })
      .partial()
      .strict()
      .default({}),
    /** KPI and capacity computation: shift calendars, state mapping, forecast horizon (docs/capacity.md). */
    capacity: CapacityOptionsSchema.default(CapacityOptionsSchema.parse({})),
    /** Log level of the JSON logs on stderr. */
    log: z.object({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info') }).strict().default({ level: 'info' }),
  })
  .strict();

/** Parsed `platform.yaml`. */
export type PlatformConfig = z.infer<typeof PlatformConfigSchema>;

/** Reads and validates a config file (YAML or JSON); throws RongtongError INVALID_CONFIG naming each bad field. */
export function loadPlatformConfig(path: string | undefined, overrides: Record<string, unknown> = {}): PlatformConfig {
  const raw: unknown = path ? parseYaml(readFileSync(path, 'utf8')) : {};
  const merged = { ...(typeof raw === 'object' && raw !== null ? raw : {}), ...overrides };
  const result = PlatformConfigSchema.safeParse(merged);
  if (!result.success) throw fromZodError(result.error, `platform config${path ? ` ${path}` : ''}`, 'INVALID_CONFIG');
  return result.data;
}
