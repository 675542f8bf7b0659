import { BrokerAclFilterSchema, BrokerPasswordHashSchema, parseListenAddress } from '@rongtong/mqtt';
import { isLoopbackHost } from '@rongtong/core';
import { z } from 'zod';
import type { ConfigProblem } from './config-problem.js';
import { SecretRefSchema } from './secret-ref.js';

const aclList = (what: string) => z.array(BrokerAclFilterSchema).max(1000).default([]).describe(what);

const file = (what: string) => z.string().min(1, { error: 'must be a file path' }).describe(what);

/** A user of the embedded broker: a password secret or an scrypt hash, and topic ACLs. */
const BrokerUserSchema = z
  .object({
    username: z.string().min(1, { error: 'must not be empty' }).max(65_535).describe('MQTT user name'),
    password: SecretRefSchema.optional().describe('the password, a secret: { env: NAME }, { file: path } or { value: text }; or passwordHash'),
    passwordHash: BrokerPasswordHashSchema.optional().describe('scrypt$N$r$p$salt$hash made by hashBrokerPassword (@rongtong/mqtt); or password'),
    publish: aclList('topic filters this user may publish to; {username} and {clientId} are replaced by the client\'s'),
    subscribe: aclList('topic filters this user may subscribe to (a subscription must lie within one); {username}, {clientId} replaced'),
  })
  .strict()
  .superRefine((user, ctx) => {
    if ((user.password === undefined) === (user.passwordHash === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['password'], message: 'give exactly one of password (a secret) and passwordHash', input: undefined });
    }
  })
  .describe('a broker user: username, password or passwordHash, publish and subscribe topic filters');

/**
 * The `broker` section written out: the embedded MQTT broker (aedes, MQTT 3.1.1) that
 * `rongtong-agent run` starts before its sources and stops after them. Its state (retained
 * messages, persistent sessions and their queued messages) is kept in `<stateDir>/broker/`.
 */
export const EmbeddedBrokerSectionSchema = z
  .object({
    kind: z.literal('embedded', { error: 'must be embedded (the agent runs the broker itself; for the site\'s own broker leave broker out)' }).describe('embedded: the agent runs the broker itself'),
    listen: z
      .string()
      .default('127.0.0.1:1883')
      .superRefine((text, ctx) => {
        const parsed = parseListenAddress(text);
        if ('problem' in parsed) ctx.addIssue({ code: 'custom', message: parsed.problem, input: text });
        else if (parsed.port === 0) ctx.addIssue({ code: 'custom', message: 'port must be 1–65535: sources and devices connect to a fixed port', input: text });
      })
      .describe('host:port to listen on (default 127.0.0.1:1883, this machine only); 0.0.0.0 or a LAN address opens it to the devices on the network'),
    users: z.array(BrokerUserSchema).max(10_000).default([]).describe('who may connect (the agent\'s own sources too), with their topic ACLs'),
    allowAnonymous: z.boolean().default(false).describe('accept clients without a username (default false); they get the anonymous ACLs'),
    anonymous: z
      .object({ publish: aclList('topic filters anonymous clients may publish to'), subscribe: aclList('topic filters anonymous clients may subscribe to') })
      .strict()
      .optional()
      .describe('ACLs of clients without a username (needs allowAnonymous: true)'),
    maxConnections: z.int().positive().max(1_000_000).default(1000).describe('connections beyond this are closed at once and counted (default 1000)'),
    stateFlushMs: z
      .int({ error: 'must be a whole number of ms' })
      .min(0)
      .max(60_000)
      .default(1000)
      .describe('how soon after a change the state is written, ms (default 1000); a crash loses at most this window'),
    tls: z
      .object({
        cert: file('server certificate chain, PEM file'),
        key: file('private key of the certificate, PEM file'),
        passphrase: SecretRefSchema.optional().describe('passphrase of an encrypted key: { env: NAME }, { file: path } or { value: text }'),
      })
      .strict()
      .optional()
      .describe('listen with TLS (mqtts://) using this certificate and key'),
  })
  .strict()
  .superRefine((broker, ctx) => {
    const seen = new Map<string, number>();
    broker.users.forEach((user, i) => {
      const first = seen.get(user.username);
      if (first === undefined) seen.set(user.username, i);
      else ctx.addIssue({ code: 'custom', path: ['users', i, 'username'], message: `duplicate username "${user.username}" (also users.${first})`, input: user.username });
    });
    if (broker.anonymous !== undefined && !broker.allowAnonymous) {
      ctx.addIssue({ code: 'custom', path: ['anonymous'], message: 'anonymous ACLs need allowAnonymous: true', input: undefined });
    }
  });

/** An object given as `broker` that is not a valid section, kept to report its issues. */
class UnparsedSection {
  constructor(readonly raw: unknown) {}
}

/**
 * The top-level `broker` field: `broker: embedded` (every default: 127.0.0.1:1883, no users —
 * nobody can connect until users are added) or the section written out with `kind: embedded`.
 * Absent: the agent runs no broker (its sources connect to the site's own). Parses to the
 * section; problems of the written-out form are reported at their own field
 * (`broker.users.0.password`).
 */
export const BrokerConfigSchema = z
  .union([z.literal('embedded'), EmbeddedBrokerSectionSchema, z.looseObject({}).transform((raw) => new UnparsedSection(raw))], {
    error: () => 'must be embedded, or an object with kind: embedded and the broker settings',
  })
  .transform((value, ctx): EmbeddedBrokerSection => {
    if (value === 'embedded') return EmbeddedBrokerSectionSchema.parse({ kind: 'embedded' });
    if (!(value instanceof UnparsedSection)) return value;
    // The section did not parse: parse it again for its issues, each as it is (the config's
    // error formatting reads their codes), at its own field under broker.
    const parsed = EmbeddedBrokerSectionSchema.safeParse(value.raw);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) ctx.addIssue({ ...issue });
    return z.NEVER;
  })
  .describe('an MQTT broker the agent runs itself: embedded (aedes) — for sites without a broker');

/** The parsed `broker` section (see {@link BrokerConfigSchema}). */
export type EmbeddedBrokerSection = z.infer<typeof EmbeddedBrokerSectionSchema>;

/**
 * What is allowed but probably not meant in a valid `broker` section: a listen address beyond
 * this machine (devices on the network can connect: fine for DTUs, but check the ACLs and
 * consider TLS), anonymous clients, and a section without users (nobody can connect).
 */
export function brokerWarnings(broker: EmbeddedBrokerSection | undefined): ConfigProblem[] {
  if (broker === undefined) return [];
  const warnings: ConfigProblem[] = [];
  const listen = parseListenAddress(broker.listen);
  if ('host' in listen && !isLoopbackHost(listen.host)) {
    warnings.push({ path: 'broker.listen', reason: `the broker listens beyond this machine (${listen.host})${broker.tls === undefined ? ' without TLS: passwords and data cross the network in plaintext' : ''}; only configured users can connect` });
  }
  if (broker.allowAnonymous) warnings.push({ path: 'broker.allowAnonymous', reason: 'clients without a username can connect (within the anonymous ACLs)' });
  if (broker.users.length === 0 && !broker.allowAnonymous) warnings.push({ path: 'broker.users', reason: 'no users: no client can connect to the embedded broker, the agent\'s own sources neither' });
  return warnings;
}
