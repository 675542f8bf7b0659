import { type FieldViolation, RongtongError, isRongtongError } from '@rongtong/core';
import type { MqttTlsConfig } from '@rongtong/mqtt';
import { resolveSecret } from '../../config/resolve-secret.js';
import { type SecretRef, SecretRefSchema } from '../../config/secret-ref.js';
import { type MqttTlsFiles, MqttTlsFilesSchema, readMqttTlsFiles } from './mqtt-tls-files.js';

/**
 * The agent-side forms of an MQTT connection's credentials, shared by the `mqtt` and
 * `sparkplug` source kinds: the password as a secret reference and TLS as PEM files. Spread
 * into `MqttConnectionConfigSchema.extend({...})` (they replace the connector's in-memory
 * `password` and `tls`).
 */
export function mqttAgentCredentialFields() {
  return {
    password: SecretRefSchema.optional().describe('broker password, a secret: { env: NAME }, { file: path } or { value: text }'),
    tls: MqttTlsFilesSchema.optional(),
  };
}

/** The credentials of a parsed `mqtt` or `sparkplug` source config, as the agent writes them. */
export interface MqttAgentCredentials {
  readonly password?: SecretRef | undefined;
  readonly tls?: MqttTlsFiles | undefined;
}

/** The credentials read: what `@rongtong/mqtt` takes. */
export interface ResolvedMqttCredentials {
  password?: string;
  tls?: MqttTlsConfig;
}

/**
 * Reads the password secret and the TLS files of a source config at `at` (`sources.2`).
 * Throws one INVALID_CONFIG naming every field that cannot be read (`sources.2.password`,
 * `sources.2.tls.ca`), never a secret.
 */
export function resolveMqttCredentials(config: MqttAgentCredentials, at: string): ResolvedMqttCredentials {
  const resolved: ResolvedMqttCredentials = {};
  const violations: FieldViolation[] = [];
  const attempt = (read: () => void) => {
    try {
      read();
    } catch (err) {
      if (!isRongtongError(err) || err.code !== 'INVALID_CONFIG') throw err;
      violations.push(...err.fieldViolations);
    }
  };
  const { password, tls } = config;
  if (password !== undefined) attempt(() => (resolved.password = resolveSecret(password, `${at}.password`)));
  if (tls !== undefined) attempt(() => (resolved.tls = readMqttTlsFiles(tls, `${at}.tls`)));
  if (violations.length > 0) {
    throw new RongtongError('INVALID_CONFIG', violations.map((v) => `${v.path}: ${v.reason}`).join('; '), { fieldViolations: violations });
  }
  return resolved;
}

/**
 * Moves the field paths of an INVALID_CONFIG error of a `@rongtong/mqtt` source (relative to
 * its config, `signals.<k>` indexing the exact-address bindings) to the agent config:
 * `sources.0.tls`, `signals[id=press-1/state].address.jsonPath`. `label` names the source
 * kind in the message (`mqtt source at sources.0: …`).
 */
export function connectorErrorInAgentConfig(err: RongtongError, label: string, at: string, bindings: readonly { readonly id: string }[]): RongtongError {
  const violations: FieldViolation[] = err.fieldViolations.map((v) => {
    const signal = /^signals\.(\d+)(.*)$/.exec(v.path);
    const binding = signal ? bindings[Number(signal[1])] : undefined;
    const path = binding ? `signals[id=${binding.id}]${signal![2]}` : v.path ? `${at}.${v.path}` : at;
    return { path, reason: v.reason };
  });
  const summary = violations.map((v) => `${v.path}: ${v.reason}`).join('; ');
  return new RongtongError(err.code, `${label} source at ${at}: ${summary || err.message}`, { fieldViolations: violations, cause: err });
}
