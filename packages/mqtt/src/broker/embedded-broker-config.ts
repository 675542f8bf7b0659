import { isIP } from 'node:net';
import { z } from 'zod';
import { brokerPasswordHashProblem } from './broker-password.js';

/** Placeholders an ACL filter may contain, replaced by the client's values at check time. */
export const BROKER_ACL_PLACEHOLDERS = ['username', 'clientId'] as const;

/**
 * Why `filter` is not an MQTT topic filter usable in a broker ACL, or undefined: not empty,
 * `#` only as the whole last level, `+` only as a whole level, no NUL, and placeholders only
 * `{username}` and `{clientId}`.
 */
export function brokerAclFilterProblem(filter: string): string | undefined {
  if (filter === '') return 'must not be empty';
  if (filter.includes('\u0000')) return 'must not contain NUL';
  const levels = filter.split('/');
  for (const [i, level] of levels.entries()) {
    if (level.includes('#') && (level !== '#' || i !== levels.length - 1)) return '# must be a whole level and the last one, e.g. factory/#';
    if (level.includes('+') && level !== '+') return '+ must be a whole level, e.g. factory/+/telemetry';
    for (const m of level.matchAll(/\{([^}]*)\}?/g)) {
      if (!(BROKER_ACL_PLACEHOLDERS as readonly string[]).includes(m[1]!) || !m[0].endsWith('}')) {
        return `unknown placeholder ${m[0]}: only {username} and {clientId}`;
      }
    }
    if (level.replace(/\{(username|clientId)\}/g, '').includes('}')) return 'unbalanced }';
  }
  return undefined;
}

/** A topic filter of a broker ACL (see {@link brokerAclFilterProblem}). */
export const BrokerAclFilterSchema = z.string().superRefine((filter, ctx) => {
  const problem = brokerAclFilterProblem(filter);
  if (problem) ctx.addIssue({ code: 'custom', message: problem, input: filter });
});

/** An scrypt password hash made by `hashBrokerPassword`; the hash itself is never echoed in an error. */
export const BrokerPasswordHashSchema = z.string().superRefine((text, ctx) => {
  const problem = brokerPasswordHashProblem(text);
  if (problem) ctx.addIssue({ code: 'custom', message: problem, input: '(hash)' });
});

const AclListSchema = z.array(BrokerAclFilterSchema).max(1000).default([]);

/** Host and port of `host:port` (`[v6]:port` for IPv6), or why not. */
export function parseListenAddress(text: string): { host: string; port: number } | { problem: string } {
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text);
  if (!m) return { problem: 'must be host:port, e.g. 127.0.0.1:1883, 0.0.0.0:1883 or [::1]:1883' };
  const host = m[1] ?? m[2]!;
  const port = Number(m[3]);
  if (port > 65_535) return { problem: 'port must be 0–65535' };
  if (m[1] !== undefined && isIP(host) !== 6) return { problem: `${host} is not an IPv6 address` };
  return { host, port };
}

/** PEM text, or its bytes — already read by the caller. */
const PemSchema = z.union([z.string().min(1, { error: 'must not be empty' }), z.instanceof(Uint8Array)], { error: 'must be PEM text or its bytes' });

/** A broker user: credentials and topic ACLs. */
export const EmbeddedBrokerUserSchema = z
  .object({
    username: z.string().min(1, { error: 'must not be empty' }).max(65_535),
    password: z.string().optional().describe('the resolved password (a secret: never logged); or passwordHash'),
    passwordHash: BrokerPasswordHashSchema.optional().describe('scrypt$N$r$p$salt$hash from hashBrokerPassword; or password'),
    publish: AclListSchema.describe('topic filters this user may publish to; {username} and {clientId} are substituted'),
    subscribe: AclListSchema.describe('topic filters this user may subscribe to (a subscription must lie within one); {username}, {clientId} substituted'),
  })
  .strict()
  .superRefine((user, ctx) => {
    if ((user.password === undefined) === (user.passwordHash === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['password'], message: 'give exactly one of password and passwordHash', input: '(secret)' });
    }
  })
  .describe('broker user: username, password or passwordHash, publish and subscribe topic filters');

/** ACLs of clients that connect without a username. */
export const EmbeddedBrokerAnonymousSchema = z
  .object({ publish: AclListSchema, subscribe: AclListSchema })
  .strict()
  .describe('topic filters of clients without a username (needs allowAnonymous: true)');

/**
 * The embedded MQTT broker (aedes, MQTT 3.1.1 and 5): where it listens, who may connect and
 * what each user may publish and subscribe to, and where its state survives restarts.
 *
 * Defaults: listens on 127.0.0.1:1883 (loopback only; a non-loopback host is allowed, and the
 * caller should warn), anonymous clients refused, at most 1000 connections, state flushed to
 * `stateDir` at most 1 s after a change.
 */
export const EmbeddedBrokerConfigSchema = z
  .object({
    listen: z
      .string()
      .default('127.0.0.1:1883')
      .superRefine((text, ctx) => {
        const parsed = parseListenAddress(text);
        if ('problem' in parsed) ctx.addIssue({ code: 'custom', message: parsed.problem, input: text });
      })
      .describe('host:port to listen on (default 127.0.0.1:1883); 0.0.0.0 or a LAN address opens it to the network'),
    users: z.array(EmbeddedBrokerUserSchema).max(10_000).default([]),
    allowAnonymous: z.boolean().default(false).describe('accept clients without a username (default false); they get the anonymous ACLs'),
    anonymous: EmbeddedBrokerAnonymousSchema.optional(),
    stateDir: z.string().min(1, { error: 'must not be empty' }).describe('directory of the broker state (state.json) kept across restarts'),
    stateFlushMs: z.int().min(0).max(60_000).default(1000).describe('how soon after a change the state is written, ms (default 1000); a crash loses at most this window'),
    maxConnections: z.int().positive().max(1_000_000).default(1000).describe('connections beyond this are closed at once and counted (default 1000)'),
    tls: z
      .object({
        cert: PemSchema.describe('server certificate chain, PEM'),
        key: PemSchema.describe('private key of the certificate, PEM (a secret)'),
        passphrase: z.string().optional().describe('passphrase of an encrypted key (a secret)'),
      })
      .strict()
      .optional()
      .describe('listen with TLS (mqtts://) using this certificate and key'),
  })
  .strict()
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    for (const [i, user] of config.users.entries()) {
      if (seen.has(user.username)) ctx.addIssue({ code: 'custom', path: ['users', i, 'username'], message: `duplicate username ${user.username}`, input: user.username });
      seen.add(user.username);
    }
    if (config.anonymous !== undefined && !config.allowAnonymous) {
      ctx.addIssue({ code: 'custom', path: ['anonymous'], message: 'anonymous ACLs need allowAnonymous: true', input: config.anonymous });
    }
  })
  .describe('embedded MQTT broker: listen address, users and topic ACLs, state directory');

/** A parsed embedded broker config. */
export type EmbeddedBrokerConfig = z.output<typeof EmbeddedBrokerConfigSchema>;
/** An embedded broker config as written (defaults optional). */
export type EmbeddedBrokerConfigInput = z.input<typeof EmbeddedBrokerConfigSchema>;
/** A parsed broker user. */
export type EmbeddedBrokerUser = z.output<typeof EmbeddedBrokerUserSchema>;
