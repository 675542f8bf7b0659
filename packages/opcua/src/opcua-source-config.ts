import { LocalIdSchema, NodeIdSchema, NumericRangeSchema, SignalIdSchema, StructureFieldSchema, isRongtongError, resolveBackoffOptions } from '@rongtong/core';
import { z } from 'zod';
import {
  DEPRECATED_SECURITY_POLICIES,
  OPCUA_SECURITY_MODES,
  OPCUA_SECURITY_POLICIES,
  defaultSecurityPolicy,
  type OpcuaSecurityMode,
  type OpcuaSecurityPolicy,
} from './security-settings.js';
import { ThumbprintSchema } from './thumbprint.js';

/** Checks an `opc.tcp://` endpoint URL; returns why it is not acceptable, or undefined. */
function endpointUrlProblem(text: string): string | undefined {
  if (!text.startsWith('opc.tcp://')) return 'must be an opc.tcp:// URL such as opc.tcp://192.168.1.20:4840';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'must be an opc.tcp:// URL such as opc.tcp://192.168.1.20:4840 (or opc.tcp://host:4840/path)';
  }
  if (url.hostname === '') return 'must name a host, e.g. opc.tcp://127.0.0.1:4840';
  if (url.username !== '' || url.password !== '') return 'must not contain credentials: use user.username and user.password';
  return undefined;
}

/** PEM text, or its bytes (a Buffer or Uint8Array) — already read by the caller. */
const PemSchema = z.union([z.string().min(1, { error: 'must not be empty' }), z.instanceof(Uint8Array)], {
  error: 'must be PEM text or its bytes',
});

/** A time in milliseconds: a finite number ≥ 0. */
const millis = (what: string) =>
  z.number({ error: `must be a number of milliseconds (${what})` }).min(0, { error: 'must be ≥ 0 ms' }).max(86_400_000, { error: 'must be at most one day' });

/** The fields of an OPC UA user that decide its form (the values may be secrets or files). */
export interface OpcuaUserFormFields {
  readonly anonymous?: true | undefined;
  readonly username?: unknown;
  readonly password?: unknown;
  readonly certificate?: unknown;
  readonly privateKey?: unknown;
}

/** What to say about a missing half of a user form, by field (defaults for resolved values). */
export type OpcuaUserFormMessages = Readonly<Record<'username' | 'password' | 'certificate' | 'privateKey', string>>;

const USER_FORM_MESSAGES: OpcuaUserFormMessages = {
  username: 'a password goes with a username',
  password: 'a username needs a password',
  certificate: 'a privateKey goes with a certificate',
  privateKey: 'a user certificate needs its privateKey',
};

/**
 * The rule of an OPC UA user for `superRefine`: exactly one of `{ anonymous: true }`,
 * `{ username, password }` or `{ certificate, privateKey }`, each pair complete. Shared by
 * {@link OpcuaUserSchema} and configs that write the secrets as references or files.
 */
export function checkOpcuaUserForm(user: OpcuaUserFormFields, ctx: z.RefinementCtx, messages: OpcuaUserFormMessages = USER_FORM_MESSAGES): void {
  const forms = [
    user.anonymous === true ? 'anonymous' : undefined,
    user.username !== undefined || user.password !== undefined ? 'username' : undefined,
    user.certificate !== undefined || user.privateKey !== undefined ? 'certificate' : undefined,
  ].filter((f) => f !== undefined);
  if (forms.length === 0) {
    ctx.addIssue({ code: 'custom', message: 'must be { anonymous: true }, { username, password } or { certificate, privateKey }', input: undefined });
    return;
  }
  if (forms.length > 1) {
    ctx.addIssue({ code: 'custom', message: `give exactly one kind of user, not ${forms.join(' and ')}`, input: undefined });
    return;
  }
  const pair = forms[0] === 'username' ? (['username', 'password'] as const) : forms[0] === 'certificate' ? (['certificate', 'privateKey'] as const) : [];
  for (const key of pair) {
    if (user[key] === undefined) ctx.addIssue({ code: 'custom', path: [key], message: messages[key], input: undefined });
  }
}

/**
 * The user a session is activated with: exactly one of `{ anonymous: true }`,
 * `{ username, password }` or `{ certificate, privateKey }` (an X.509 user certificate and its
 * key, PEM). Secrets are the resolved values (the agent reads secret references and files);
 * they are never logged.
 */
export const OpcuaUserSchema = z
  .object({
    anonymous: z.literal(true, { error: 'must be true (or leave it out and give username/password or certificate/privateKey)' }).optional().describe('anonymous user'),
    username: z.string().min(1, { error: 'must not be empty' }).optional().describe('user name (with password)'),
    password: z.string().optional().describe('password (a secret: never logged)'),
    certificate: PemSchema.optional().describe('X.509 user certificate, PEM (with privateKey)'),
    privateKey: PemSchema.optional().describe('private key of the user certificate, PEM (a secret: never logged)'),
  })
  .strict()
  .superRefine((user, ctx) => checkOpcuaUserForm(user, ctx))
  .describe('OPC UA user: { anonymous: true }, { username, password } or { certificate, privateKey } (PEM)');

/** Partial core `BackoffOptions`: reconnect delays, checked by `resolveBackoffOptions`. */
export const OpcuaBackoffConfigSchema = z
  .object({
    initialMs: z.number().optional().describe('first reconnect delay, ms (default 500)'),
    maxMs: z.number().optional().describe('largest reconnect delay, ms (default 4000)'),
    multiplier: z.number().optional().describe('growth per failed attempt, ≥ 1 (default 2)'),
    jitter: z.number().optional().describe('random fraction of each delay, 0–1 (default 0.2)'),
  })
  .strict()
  .superRefine((backoff, ctx) => {
    try {
      resolveBackoffOptions({ ...OPCUA_DEFAULT_BACKOFF, ...definedOnly(backoff) }, '');
    } catch (err) {
      if (!isRongtongError(err)) throw err;
      for (const v of err.fieldViolations) ctx.addIssue({ code: 'custom', path: [v.path.replace(/^\./, '')], message: v.reason, input: backoff });
    }
  })
  .describe('reconnect backoff: jittered exponential, initialMs doubling (multiplier) up to maxMs');

/**
 * The reconnect backoff of an OPC UA source when the config gives none: 0.5 s doubling up to
 * 4 s, 20 % jitter — so a machine that comes back is reconnected within about 5 s.
 */
export const OPCUA_DEFAULT_BACKOFF = Object.freeze({ initialMs: 500, maxMs: 4_000, multiplier: 2, jitter: 0.2 });

/** The entries of `o` whose value is not undefined. */
export function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * The connection part of an `opcua` source: which server, with which security and user, where
 * the certificates live, how monitored items are sampled and published, and the reconnect
 * policy. A strict zod object without cross-field rules, so the agent can spread or
 * `.extend()` it (e.g. replace `user` by one with secret and file references);
 * {@link OpcuaSourceConfigSchema} adds the rules that span fields
 * ({@link checkOpcuaConnectionConfig}).
 *
 * Defaults: `SignAndEncrypt` with `Basic256Sha256` (`None` policy when `securityMode` is
 * `None`), anonymous user, sampling every 250 ms, publishing every 1 s, queue of 10 values per
 * item, at most 1,000 items per subscription and per create call (fewer when the server says
 * so), backoff 0.5 s doubling to 4 s with 20 % jitter, at most 100,000 samples queued while
 * the sink is busy.
 */
export const OpcuaConnectionConfigSchema = z
  .object({
    endpointUrl: z
      .string()
      .superRefine((url, ctx) => {
        const problem = endpointUrlProblem(url);
        if (problem) ctx.addIssue({ code: 'custom', message: problem, input: url });
      })
      .describe('server endpoint: opc.tcp://host:port[/path]'),
    securityMode: z
      .enum(OPCUA_SECURITY_MODES, { error: `must be one of ${OPCUA_SECURITY_MODES.join(', ')}` })
      .default('SignAndEncrypt')
      .describe('message security: None, Sign or SignAndEncrypt (default)'),
    securityPolicy: z
      .enum(OPCUA_SECURITY_POLICIES, { error: `must be one of ${OPCUA_SECURITY_POLICIES.join(', ')}` })
      .optional()
      .describe(
        'security policy: Basic256Sha256 (default with Sign/SignAndEncrypt), Aes128_Sha256_RsaOaep, Aes256_Sha256_RsaPss; None with securityMode None; Basic128Rsa15 and Basic256 are deprecated',
      ),
    allowDeprecatedPolicies: z
      .boolean()
      .default(false)
      .describe('allow the deprecated policies Basic128Rsa15 and Basic256 (SHA-1): only for machines that offer nothing better'),
    user: OpcuaUserSchema.default({ anonymous: true }),
    pkiDir: z
      .string()
      .min(1, { error: 'must name a folder' })
      .describe("folder of the client's own certificate (own/) and the server trust lists (trusted/, rejected/); created if missing"),
    pinnedServerCertificates: z
      .array(ThumbprintSchema)
      .default([])
      .describe('SHA-1 thumbprints of server certificates to accept without `rongtong-agent trust accept` (moved to trusted/ when seen)'),
    applicationName: z
      .string()
      .min(1)
      .max(64)
      .default('Rongtong agent')
      .describe("client application name: subject of the client certificate and its application URI urn:<host>:<name>"),
    samplingInterval: millis('how often the server samples a value')
      .default(250)
      .describe('default sampling interval of each monitored item, ms (0 = as fast as the server can; default 250)'),
    publishingInterval: z
      .number({ error: 'must be a number of milliseconds' })
      .min(10, { error: 'must be at least 10 ms' })
      .max(3_600_000, { error: 'must be at most one hour' })
      .default(1_000)
      .describe('default publishing interval of the subscriptions, ms (default 1000)'),
    queueSize: z.int().min(1).max(10_000).default(10).describe('values the server queues per item between publishes; the oldest is discarded beyond (default 10)'),
    maxItemsPerSubscription: z
      .int()
      .min(1)
      .max(1_000_000)
      .default(1_000)
      .describe("monitored items per subscription (default 1000); the server's MaxMonitoredItemsPerSubscription lowers it"),
    maxItemsPerCall: z
      .int()
      .min(1)
      .max(1_000_000)
      .default(1_000)
      .describe("monitored items per CreateMonitoredItems call (default 1000); the server's MaxMonitoredItemsPerCall lowers it"),
    connectTimeoutMs: z.int().min(100).max(600_000).default(15_000).describe('time allowed to open the secure channel and the session, ms (default 15000)'),
    requestTimeoutMs: z
      .int()
      .min(100)
      .max(600_000)
      .default(10_000)
      .describe('time allowed for one request (read, create monitored items, keep-alive), ms; with keepAliveIntervalMs it bounds how long a silent network goes unnoticed (default 10000)'),
    sessionTimeoutMs: z.int().min(1_000).max(3_600_000).default(60_000).describe('requested session timeout, ms (default 60000)'),
    keepAliveIntervalMs: z
      .int()
      .min(100)
      .max(600_000)
      .default(5_000)
      .describe('how often a quiet session is checked (a read of the server state), ms; a failed check is a lost connection (default 5000)'),
    backoff: OpcuaBackoffConfigSchema.default({}),
    maxQueuedSamples: z
      .int()
      .positive()
      .max(10_000_000)
      .default(100_000)
      .describe('samples held while the sink is busy; beyond, the oldest are dropped and counted (default 100000)'),
  })
  .strict()
  .describe('OPC UA server connection');

/** The security policy a parsed connection config uses (its `securityPolicy`, or the default for its mode). */
export function effectiveSecurityPolicy(config: { securityMode: OpcuaSecurityMode; securityPolicy?: OpcuaSecurityPolicy | undefined }): OpcuaSecurityPolicy {
  return config.securityPolicy ?? defaultSecurityPolicy(config.securityMode);
}

/**
 * The rules of an OPC UA connection config that span fields, for `superRefine`: security mode
 * `None` goes with policy `None` and only with it; deprecated policies need
 * `allowDeprecatedPolicies: true`. Each problem names its field.
 */
export function checkOpcuaConnectionConfig(
  config: { securityMode: OpcuaSecurityMode; securityPolicy?: OpcuaSecurityPolicy | undefined; allowDeprecatedPolicies: boolean },
  ctx: z.RefinementCtx,
): void {
  const policy = effectiveSecurityPolicy(config);
  const input = config.securityPolicy;
  if (config.securityMode === 'None' && policy !== 'None') {
    ctx.addIssue({ code: 'custom', path: ['securityPolicy'], message: `securityMode None goes with securityPolicy None, not ${policy}`, input });
  } else if (config.securityMode !== 'None' && policy === 'None') {
    ctx.addIssue({
      code: 'custom',
      path: ['securityPolicy'],
      message: `securityMode ${config.securityMode} needs a security policy other than None, e.g. Basic256Sha256`,
      input,
    });
  } else if (DEPRECATED_SECURITY_POLICIES.includes(policy) && !config.allowDeprecatedPolicies) {
    ctx.addIssue({
      code: 'custom',
      path: ['securityPolicy'],
      message: `${policy} is deprecated (SHA-1, weak keys) and refused: use Basic256Sha256, Aes128_Sha256_RsaOaep or Aes256_Sha256_RsaPss, or set allowDeprecatedPolicies: true for a machine that offers nothing better`,
      input,
    });
  }
}

/**
 * The config of an OPC UA source: the connection ({@link OpcuaConnectionConfigSchema}) and the
 * source `id`. The signals (NodeIds) are not part of it: they come from the agent's
 * `signals[]` (core's `OpcUaAddress`) and are given to `createOpcuaSource` as `signals`.
 *
 * @example
 * ```ts
 * OpcuaSourceConfigSchema.parse({
 *   id: 'lathe-3',
 *   endpointUrl: 'opc.tcp://192.168.1.20:4840',
 *   securityMode: 'SignAndEncrypt',
 *   securityPolicy: 'Basic256Sha256',
 *   user: { username: 'rongtong', password: resolvedPassword },
 *   pkiDir: '/var/lib/rongtong/opcua-pki',
 * });
 * ```
 */
export const OpcuaSourceConfigSchema = OpcuaConnectionConfigSchema.extend({
  id: LocalIdSchema.describe('source id, unique within the agent'),
  kind: z.literal('opcua').optional().describe('source kind (opcua)'),
})
  .superRefine(checkOpcuaConnectionConfig)
  .describe('opcua: an OPC UA server (secure channel, session, subscriptions)');

/**
 * One signal an OPC UA source reads: its id, the NodeId of the variable (core's
 * `OpcUaAddress.nodeId`; the `nsu=` form is resolved against the server's namespace array on
 * every connection), optionally the part of the value it reads (`indexRange`, an OPC UA
 * NumericRange requested with the monitored item, and `field` of a structure value, e.g.
 * element `0`, field `AccCount` of a PackML counter array), and its own sampling and
 * publishing intervals.
 */
export const OpcuaSignalSchema = z
  .object({
    id: SignalIdSchema,
    nodeId: NodeIdSchema,
    indexRange: NumericRangeSchema.optional().describe('part of an array value (OPC UA NumericRange, e.g. "0"); one element per dimension: that element is the value'),
    field: StructureFieldSchema.optional().describe('field of a structure value, e.g. "AccCount"'),
    samplingInterval: millis('sampling interval').optional().describe("this signal's sampling interval, ms; default: the source's"),
    publishingInterval: z
      .number({ error: 'must be a number of milliseconds' })
      .min(10, { error: 'must be at least 10 ms' })
      .max(3_600_000, { error: 'must be at most one hour' })
      .optional()
      .describe("publishing interval of this signal's subscription, ms; default: the source's"),
  })
  .strict()
  .describe('an OPC UA variable read as a signal');

/** The signals of a source: unique ids. */
export const OpcuaSignalsSchema = z.array(OpcuaSignalSchema).superRefine((signals, ctx) => {
  const seen = new Map<string, number>();
  signals.forEach((s, i) => {
    const first = seen.get(s.id);
    if (first === undefined) seen.set(s.id, i);
    else ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate signal id "${s.id}" (also at index ${first})`, input: s.id });
  });
});

/** A parsed OPC UA connection config (see {@link OpcuaConnectionConfigSchema}). */
export type OpcuaConnectionConfig = z.infer<typeof OpcuaConnectionConfigSchema>;
/** An OPC UA connection config as written (see {@link OpcuaConnectionConfigSchema}). */
export type OpcuaConnectionConfigInput = z.input<typeof OpcuaConnectionConfigSchema>;
/** A parsed OPC UA source config (see {@link OpcuaSourceConfigSchema}). */
export type OpcuaSourceConfig = z.infer<typeof OpcuaSourceConfigSchema>;
/** An OPC UA source config as written (see {@link OpcuaSourceConfigSchema}). */
export type OpcuaSourceConfigInput = z.input<typeof OpcuaSourceConfigSchema>;
/** A parsed user (see {@link OpcuaUserSchema}). */
export type OpcuaUser = z.infer<typeof OpcuaUserSchema>;
/** A signal of an OPC UA source (see {@link OpcuaSignalSchema}). */
export type OpcuaSignal = z.input<typeof OpcuaSignalSchema>;
