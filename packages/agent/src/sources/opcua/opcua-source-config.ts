import { OpcuaConnectionConfigSchema, checkOpcuaConnectionConfig } from '@rongtong/opcua';
import { z } from 'zod';
import { sourceConfigFields } from '../source-config.js';
import { OpcuaUserConfigSchema } from './opcua-user-config.js';

/**
 * A `sources[]` entry of kind `opcua`: one OPC UA server, read by `@rongtong/opcua`. The
 * connector's connection fields (`OpcuaConnectionConfigSchema`: endpoint, security mode and
 * policy, sampling and publishing intervals, timeouts, backoff, pinned certificates) with the
 * agent's forms of what it reads from outside the config: the user's password as a secret
 * reference and the user certificate and key as files, and `pkiDir` optional — by default
 * `<stateDir>/pki/opcua` (see `opcuaPkiDir`). Cross-field rules of the connection
 * (`checkOpcuaConnectionConfig`): security mode `None` goes with policy `None` and only with
 * it; deprecated policies (`Basic128Rsa15`, `Basic256`) need `allowDeprecatedPolicies: true`.
 *
 * The signals are the `signals[]` entries of the source, each with an `opcua` address
 * (`{ kind: opcua, nodeId }`, optionally `indexRange` and `field` for a part of the value);
 * they are sampled and published at the source's `samplingInterval` and
 * `publishingInterval`, unless the address gives its own.
 */
export const OpcuaSourceConfigSchema = OpcuaConnectionConfigSchema.extend({
  ...sourceConfigFields,
  kind: z.literal('opcua'),
  user: OpcuaUserConfigSchema.default({ anonymous: true }),
  pkiDir: z
    .string()
    .min(1, { error: 'must name a folder' })
    .optional()
    .describe(
      "folder of the client's own certificate (own/) and the server trust lists (trusted/certs/, rejected/); default <stateDir>/pki/opcua, shared by the opcua sources that keep the default; created if missing",
    ),
})
  .strict()
  .superRefine(checkOpcuaConnectionConfig)
  .describe('opcua: an OPC UA server (secure channel, session, subscriptions); signals by NodeId');

/** A parsed `opcua` source config (see {@link OpcuaSourceConfigSchema}). */
export type OpcuaSourceConfig = z.infer<typeof OpcuaSourceConfigSchema>;
/** An `opcua` source config as written (see {@link OpcuaSourceConfigSchema}). */
export type OpcuaSourceConfigInput = z.input<typeof OpcuaSourceConfigSchema>;
