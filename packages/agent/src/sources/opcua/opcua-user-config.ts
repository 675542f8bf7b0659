import { checkOpcuaUserForm } from '@rongtong/opcua';
import { z } from 'zod';
import { SecretRefSchema } from '../../config/secret-ref.js';

const file = (what: string) => z.string().min(1, { error: 'must be a file path' }).optional().describe(what);

/**
 * The `user` of an `opcua` source as the config writes it: exactly one of
 * `{ anonymous: true }`, `{ username, password }` with the password a secret reference
 * (`{ env }`, `{ file }`, `{ value }`), or `{ certificate, privateKey }` as PEM **files** (an
 * X.509 user certificate and its key, read by the agent at start). `@rongtong/opcua`'s
 * `OpcuaUserSchema` with secrets and files instead of their values.
 */
export const OpcuaUserConfigSchema = z
  .object({
    anonymous: z
      .literal(true, { error: 'must be true (or leave it out and give username/password or certificate/privateKey)' })
      .optional()
      .describe('anonymous user (the default)'),
    username: z.string().min(1, { error: 'must not be empty' }).optional().describe('user name (with password)'),
    password: SecretRefSchema.optional().describe('password of username, a secret: { env: NAME }, { file: path } or { value: text }'),
    certificate: file('X.509 user certificate, PEM file (with privateKey)'),
    privateKey: file('private key of the user certificate, PEM file, unencrypted (with certificate); keep it mode 0600'),
  })
  .strict()
  .superRefine((user, ctx) =>
    checkOpcuaUserForm(user, ctx, {
      username: 'required with password: the user name',
      password: 'required with username: a secret such as { env: RONGTONG_OPCUA_PASSWORD }',
      certificate: 'required with privateKey: the user certificate, PEM file',
      privateKey: 'required with certificate: its private key, PEM file',
    }),
  )
  .describe('OPC UA user: { anonymous: true } (default), { username, password: secret } or { certificate, privateKey } (PEM files)');

/** A parsed `user` of an `opcua` source (see {@link OpcuaUserConfigSchema}). */
export type OpcuaUserConfig = z.infer<typeof OpcuaUserConfigSchema>;

/** The file fields of a user, for `validate --resolve` and reading at start. */
export const OPCUA_USER_FILE_FIELDS = ['certificate', 'privateKey'] as const;
