import { LocalIdSchema, SharingLevelSchema } from '@rongtong/core';
import { z } from 'zod';
import { durationSchema } from './duration.js';
import { HostPortSchema } from '@rongtong/core';
import { SecretRefSchema } from './secret-ref.js';

const file = (what: string) => z.string().min(1, { error: 'must be a file path' }).optional().describe(what);

/** TLS of an uplink: files are PEM; every field optional (`{}` = system CAs, no client certificate). */
export const UplinkTlsSchema = z
  .object({
    ca: file("CA certificate(s) to trust for the platform's certificate; default: the system CAs"),
    cert: file('client certificate, for platforms that require mutual TLS (with key)'),
    key: file('private key of the client certificate (with cert)'),
    serverName: z.string().min(1).optional().describe("name to check the platform's certificate against; default: the host of platform"),
  })
  .strict()
  .describe('TLS settings');

/**
 * One `uplinks[]` entry: a platform the agent sends to over one gRPC stream, with its own
 * sharing level, outbox chain and credentials (DESIGN §3 Uplink).
 *
 * Rules (checked on the whole config): `tls: false` needs `insecure: true`; `cert` and
 * `key` come together; `backoff.max` ≥ `backoff.initial`; names are unique.
 */
export const UplinkConfigSchema = z
  .object({
    name: LocalIdSchema.describe('uplink name, unique within the agent; names its outbox and credentials in the state directory'),
    platform: HostPortSchema.describe('platform gRPC address, host:port'),
    sharing: SharingLevelSchema.describe('what this platform may see: raw (samples and all), kpi (states, counts, KPIs), capacity (records only)'),
    tls: z
      .union([z.literal(false), UplinkTlsSchema], { error: 'must be TLS settings ({ ca?, cert?, key? }) or false (plaintext, with insecure: true)' })
      .default({})
      .describe('TLS settings, or false for plaintext (needs insecure: true)'),
    insecure: z.boolean().default(false).describe('allow tls: false — tokens and data travel in plaintext; for loopback tests only'),
    token: SecretRefSchema.optional().describe('agent token, if not the one stored by enroll: { env: NAME } or { file: path }'),
    window: z.int().min(1).max(1024).default(8).describe('unacknowledged batches in flight'),
    backoff: z
      .object({
        initial: durationSchema().prefault('500ms').describe('first reconnect delay (default 500ms)'),
        max: durationSchema().prefault('30s').describe('largest reconnect delay (default 30s); delays are jittered'),
      })
      .strict()
      .prefault({})
      .describe('reconnect delays: exponential from initial up to max, jittered'),
  })
  .strict()
  .describe('a platform to send to');

/** A parsed `uplinks[]` entry (see {@link UplinkConfigSchema}). */
export type UplinkConfig = z.infer<typeof UplinkConfigSchema>;
