import { accessSync, constants } from 'node:fs';
import { MQTT_TLS_FILE_FIELDS, type MqttTlsFiles } from '../sources/mqtt/mqtt-tls-files.js';
import { OPCUA_USER_FILE_FIELDS, type OpcuaUserConfig } from '../sources/opcua/opcua-user-config.js';
import type { AgentConfig } from './agent-config-schema.js';
import type { ConfigProblem } from './config-problem.js';
import { checkSecrets, type ResolveSecretOptions } from './resolve-secret.js';

/** Options of {@link checkConfigReferences}. */
export interface CheckReferencesOptions extends ResolveSecretOptions {
  /** Throws when a file cannot be read. Default: `fs.accessSync(path, R_OK)`. */
  readonly access?: (path: string) => void;
}

/**
 * Every certificate or key file of the config, with its dotted path: uplinks', `mqtt` and
 * `sparkplug` sources' and the embedded broker's `tls.ca`, `tls.cert`, `tls.key`, and
 * `opcua` sources' `user.certificate`,
 * `user.privateKey`.
 */
function certificateFiles(config: AgentConfig): { path: string; file: string }[] {
  const files: { path: string; file: string }[] = [];
  const collect = (tls: Partial<Record<(typeof MQTT_TLS_FILE_FIELDS)[number], string | undefined>>, at: string) => {
    for (const key of MQTT_TLS_FILE_FIELDS) {
      const file = tls[key];
      if (file !== undefined) files.push({ path: `${at}.tls.${key}`, file });
    }
  };
  config.sources.forEach((s, i) => {
    const tls = s.kind === 'mqtt' || s.kind === 'sparkplug' ? (s as { tls?: MqttTlsFiles }).tls : undefined;
    if (tls !== undefined) collect(tls, `sources.${i}`);
    const user = s.kind === 'opcua' ? (s as { user?: OpcuaUserConfig }).user : undefined;
    for (const key of OPCUA_USER_FILE_FIELDS) {
      const file = user?.[key];
      if (file !== undefined) files.push({ path: `sources.${i}.user.${key}`, file });
    }
  });
  config.uplinks.forEach((u, i) => {
    if (u.tls !== false) collect(u.tls, `uplinks.${i}`);
  });
  if (config.broker?.tls !== undefined) collect(config.broker.tls, 'broker');
  return files;
}

/**
 * What only this machine can tell about a valid config, as the agent would find it at
 * start: every secret can be read (its variable is set, its file readable and not empty —
 * uplink tokens, `mqtt` and `opcua` source passwords and key passphrases alike) and every
 * certificate and key file (uplinks' and `mqtt` sources' TLS files, `opcua` user
 * certificates and keys) is readable. Secrets are read and dropped, never returned or
 * printed. (The PKI folder of an `opcua` source is made at start if missing: not checked.)
 */
export function checkConfigReferences(config: AgentConfig, options: CheckReferencesOptions = {}): ConfigProblem[] {
  const access = options.access ?? ((path: string) => accessSync(path, constants.R_OK));
  const problems: ConfigProblem[] = checkSecrets(config, options);
  for (const { path, file } of certificateFiles(config)) {
    try {
      access(file);
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      problems.push({ path, reason: `cannot read ${file}${typeof code === 'string' ? ` (${code})` : ''}` });
    }
  }
  return problems;
}
