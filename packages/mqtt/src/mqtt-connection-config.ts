import { isRongtongError, resolveBackoffOptions } from '@rongtong/core';
import { z } from 'zod';

const URL_PROTOCOLS = ['mqtt:', 'mqtts:', 'ws:', 'wss:'];

/** Checks a broker URL; returns why it is not acceptable, or undefined. */
function urlProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'must be a URL such as mqtt://broker.local:1883, mqtts://broker.local:8883, ws:// or wss://';
  }
  if (!URL_PROTOCOLS.includes(url.protocol)) return `scheme must be mqtt, mqtts, ws or wss, not ${url.protocol.slice(0, -1)}`;
  if (url.hostname === '') return 'must name a host, e.g. mqtt://127.0.0.1:1883';
  if (url.username !== '' || url.password !== '') return 'must not contain credentials: use username and password';
  return undefined;
}

/** PEM text, or its bytes (a Buffer or Uint8Array) — already read by the caller. */
const PemSchema = z.union([z.string().min(1, { error: 'must not be empty' }), z.instanceof(Uint8Array)], {
  error: 'must be PEM text or its bytes',
});

/** The MQTT QoS: 0 at most once, 1 at least once, 2 exactly once. */
export const MqttQosSchema = z
  .union([z.literal(0), z.literal(1), z.literal(2)], { error: 'must be 0, 1 or 2' })
  .describe('MQTT QoS: 0 at most once, 1 at least once, 2 exactly once');

/**
 * TLS settings of an `mqtts://` or `wss://` connection. Certificates and keys are the
 * resolved contents (PEM text or bytes); the agent reads the files and secrets.
 */
export const MqttTlsConfigSchema = z
  .object({
    ca: PemSchema.optional().describe('CA certificate(s) the broker certificate must chain to, PEM; absent: the system CAs'),
    cert: PemSchema.optional().describe('client certificate, PEM, for mutual TLS (with key)'),
    key: PemSchema.optional().describe('private key of the client certificate, PEM (a secret)'),
    passphrase: z.string().optional().describe('passphrase of an encrypted key (a secret)'),
    rejectUnauthorized: z.boolean().default(true).describe('refuse brokers whose certificate does not verify (default true); false only for tests'),
    servername: z.string().min(1).optional().describe('name expected in the broker certificate (and sent as SNI); default: the URL host'),
  })
  .strict()
  .superRefine((tls, ctx) => {
    if ((tls.cert === undefined) !== (tls.key === undefined)) {
      ctx.addIssue({ code: 'custom', path: [tls.cert === undefined ? 'cert' : 'key'], message: 'cert and key go together (mutual TLS)', input: tls });
    }
  })
  .describe('TLS for mqtts:// and wss://: ca, cert + key for mutual TLS, rejectUnauthorized, servername');

/** Partial core `BackoffOptions`: reconnect delays, checked by `resolveBackoffOptions`. */
export const MqttBackoffConfigSchema = z
  .object({
    initialMs: z.number().optional().describe('first reconnect delay, ms (default 500)'),
    maxMs: z.number().optional().describe('largest reconnect delay, ms (default 30000)'),
    multiplier: z.number().optional().describe('growth per failed attempt, ≥ 1 (default 2)'),
    jitter: z.number().optional().describe('random fraction of each delay, 0–1 (default 0.2)'),
  })
  .strict()
  .superRefine((backoff, ctx) => {
    try {
      resolveBackoffOptions(Object.fromEntries(Object.entries(backoff).filter(([, v]) => v !== undefined)), '');
    } catch (err) {
      if (!isRongtongError(err)) throw err;
      for (const v of err.fieldViolations) ctx.addIssue({ code: 'custom', path: [v.path.replace(/^\./, '')], message: v.reason, input: backoff });
    }
  })
  .describe('reconnect backoff: jittered exponential, initialMs doubling (multiplier) up to maxMs');

/**
 * The connection part of an `mqtt` source: which broker, how to log in, the session and the
 * reconnect policy. A strict zod object without cross-field rules, so the agent can
 * `.extend()` it (e.g. replace `password` and `tls` by its secret and file references — it
 * must replace `tls`, whose in-memory PEM bytes have no JSON Schema) and then add the rules
 * that span fields with `.superRefine(checkMqttConnectionConfig)`.
 *
 * Defaults: MQTT 3.1.1 (`protocolVersion: 4`, which every broker speaks, including the
 * embedded aedes broker; choose 5 for session expiry and retain handling), clean session,
 * keepalive 60 s, QoS 1, connect timeout 30 s, backoff 0.5 s doubling to 30 s with 20 %
 * jitter, at most 10,000 samples queued while the sink is busy.
 */
export const MqttConnectionConfigSchema = z
  .object({
    url: z
      .string()
      .superRefine((url, ctx) => {
        const problem = urlProblem(url);
        if (problem) ctx.addIssue({ code: 'custom', message: problem, input: url });
      })
      .describe('broker URL: mqtt://host:1883, mqtts://host:8883, ws://host/mqtt or wss://host/mqtt'),
    protocolVersion: z
      .union([z.literal(4), z.literal(5)], { error: 'must be 4 (MQTT 3.1.1) or 5 (MQTT 5)' })
      .default(4)
      .describe('4 = MQTT 3.1.1 (default: every broker, including the embedded aedes), 5 = MQTT 5'),
    clientId: z
      .string()
      .min(1, { error: 'must not be empty' })
      .max(65_535)
      .optional()
      .describe('MQTT client id; default: "rt" + 21 hex digits from the host name and source id (stable, ≤ 23 characters)'),
    clean: z
      .boolean()
      .default(true)
      .describe('clean session (3.1.1) / clean start (5); false keeps the session and its QoS 1/2 messages while disconnected'),
    sessionExpirySeconds: z
      .int({ error: 'must be a whole number of seconds' })
      .min(0)
      .max(4_294_967_295)
      .optional()
      .describe('MQTT 5 only: how long the broker keeps the session after a disconnect; default 604800 (7 days) when clean is false, else 0'),
    keepaliveSeconds: z.int({ error: 'must be a whole number of seconds' }).min(0).max(65_535).default(60).describe('keepalive interval, s (0 = off; default 60)'),
    connectTimeoutMs: z.int().positive().max(600_000).default(30_000).describe('time allowed for TCP, TLS and CONNACK, ms (default 30000)'),
    qos: MqttQosSchema.default(1).describe('QoS of the subscriptions (default 1); topics[].qos overrides it per template'),
    username: z.string().optional().describe('user name'),
    password: z.string().optional().describe('password (a secret: never logged)'),
    tls: MqttTlsConfigSchema.optional(),
    backoff: MqttBackoffConfigSchema.default({}),
    maxQueuedSamples: z
      .int()
      .positive()
      .max(10_000_000)
      .default(10_000)
      .describe('samples held while the sink is busy; beyond, the oldest are dropped and counted (default 10000)'),
  })
  .strict()
  .describe('MQTT broker connection');

/** The fields {@link checkMqttConnectionConfig} looks at; `tls` and `password` may be of any type (e.g. file and secret references). */
export interface MqttConnectionCrossFields {
  readonly url: string;
  readonly protocolVersion: 4 | 5;
  readonly sessionExpirySeconds?: number | undefined;
  readonly username?: string | undefined;
  readonly password?: unknown;
  readonly tls?: unknown;
}

/** Where {@link checkMqttConnectionConfig} reports problems: zod's refinement context. */
export interface MqttConfigIssueSink {
  addIssue(issue: { code: 'custom'; path: PropertyKey[]; message: string; input: unknown }): void;
}

/**
 * The rules of an MQTT connection config that span fields, for `.superRefine()`:
 * `sessionExpirySeconds` needs protocol 5, `tls` needs an `mqtts://` or `wss://` url, a
 * password needs a username on MQTT 3.1.1. Issues name the field; the password is never
 * part of one.
 */
export function checkMqttConnectionConfig(config: MqttConnectionCrossFields, ctx: MqttConfigIssueSink): void {
  if (config.sessionExpirySeconds !== undefined && config.protocolVersion !== 5) {
    ctx.addIssue({ code: 'custom', path: ['sessionExpirySeconds'], message: 'needs protocolVersion 5 (MQTT 3.1.1 has no session expiry)', input: config.sessionExpirySeconds });
  }
  if (config.tls !== undefined && /^(mqtt|ws):/i.test(config.url)) {
    ctx.addIssue({ code: 'custom', path: ['tls'], message: 'needs an mqtts:// or wss:// url', input: '[tls settings]' });
  }
  if (config.password !== undefined && config.username === undefined && config.protocolVersion === 4) {
    ctx.addIssue({ code: 'custom', path: ['password'], message: 'needs a username on MQTT 3.1.1', input: '[redacted]' });
  }
}

/** A parsed MQTT connection config (see {@link MqttConnectionConfigSchema}). */
export type MqttConnectionConfig = z.infer<typeof MqttConnectionConfigSchema>;
/** An MQTT connection config as written (see {@link MqttConnectionConfigSchema}). */
export type MqttConnectionConfigInput = z.input<typeof MqttConnectionConfigSchema>;
/** Parsed TLS settings (see {@link MqttTlsConfigSchema}). */
export type MqttTlsConfig = z.infer<typeof MqttTlsConfigSchema>;
