import { readFileSync } from 'node:fs';
import { type FieldViolation, RongtongError } from '@rongtong/core';
import type { MqttTlsConfig } from '@rongtong/mqtt';
import { z } from 'zod';
import { resolveSecret, type ResolveSecretOptions } from '../../config/resolve-secret.js';
import { SecretRefSchema } from '../../config/secret-ref.js';

const file = (what: string) => z.string().min(1, { error: 'must be a file path' }).optional().describe(what);

/**
 * The `tls` of an `mqtt` source as the config writes it: PEM **files** (read by the agent at
 * start, like an uplink's) and the key's passphrase as a secret. `cert` and `key` go together.
 */
export const MqttTlsFilesSchema = z
  .object({
    ca: file('CA certificate(s) the broker certificate must chain to, PEM file; absent: the system CAs'),
    cert: file('client certificate, PEM file, for mutual TLS (with key)'),
    key: file('private key of the client certificate, PEM file (with cert)'),
    passphrase: SecretRefSchema.optional().describe('passphrase of an encrypted key: { env: NAME }, { file: path } or { value: text }'),
    rejectUnauthorized: z.boolean().default(true).describe('refuse brokers whose certificate does not verify (default true); false only for tests'),
    servername: z.string().min(1).optional().describe('name expected in the broker certificate (and sent as SNI); default: the URL host'),
  })
  .strict()
  .superRefine((tls, ctx) => {
    if (tls.cert !== undefined && tls.key === undefined) {
      ctx.addIssue({ code: 'custom', path: ['key'], message: 'required with tls.cert: the private key of the client certificate', input: undefined });
    }
    if (tls.key !== undefined && tls.cert === undefined) {
      ctx.addIssue({ code: 'custom', path: ['cert'], message: 'required with tls.key: the client certificate', input: undefined });
    }
  })
  .describe('TLS for mqtts:// and wss://: ca, cert + key (mutual TLS) as PEM files, passphrase secret, rejectUnauthorized, servername');

/** Parsed TLS files of an `mqtt` source (see {@link MqttTlsFilesSchema}). */
export type MqttTlsFiles = z.infer<typeof MqttTlsFilesSchema>;

/** The certificate and key files of an `mqtt` source's `tls`, by field, for checks and reading. */
export const MQTT_TLS_FILE_FIELDS = ['ca', 'cert', 'key'] as const;

/** Options of {@link readMqttTlsFiles}. */
export interface ReadMqttTlsFilesOptions extends ResolveSecretOptions {
  /** Reads a PEM file. Default `readFileSync(path, 'utf8')`. */
  readonly readPem?: (path: string) => string;
}

/**
 * Reads the files and the passphrase of an `mqtt` source's `tls` into what `@rongtong/mqtt`
 * takes (PEM text, passphrase text). `at` is the dotted path of the `tls` field
 * (`sources.0.tls`). Throws INVALID_CONFIG naming every file that cannot be read (and the
 * passphrase's variable or file), never a secret.
 */
export function readMqttTlsFiles(tls: MqttTlsFiles, at: string, options: ReadMqttTlsFilesOptions = {}): MqttTlsConfig {
  const readPem = options.readPem ?? ((path: string) => readFileSync(path, 'utf8'));
  const violations: FieldViolation[] = [];
  const result: { -readonly [K in keyof MqttTlsConfig]: MqttTlsConfig[K] } = { rejectUnauthorized: tls.rejectUnauthorized };
  if (tls.servername !== undefined) result.servername = tls.servername;
  for (const key of MQTT_TLS_FILE_FIELDS) {
    const path = tls[key];
    if (path === undefined) continue;
    try {
      result[key] = readPem(path);
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      violations.push({ path: `${at}.${key}`, reason: `cannot read ${path}${typeof code === 'string' ? ` (${code})` : ''}` });
    }
  }
  if (tls.passphrase !== undefined) {
    try {
      result.passphrase = resolveSecret(tls.passphrase, `${at}.passphrase`, options);
    } catch (err) {
      if (!(err instanceof RongtongError)) throw err;
      violations.push(...err.fieldViolations);
    }
  }
  if (violations.length > 0) {
    throw new RongtongError('INVALID_CONFIG', violations.map((v) => `${v.path}: ${v.reason}`).join('; '), { fieldViolations: violations });
  }
  return result;
}
