import { accessSync, constants } from 'node:fs';
import { MQTT_TLS_FILE_FIELDS, type MqttTlsFiles } from '../sources/mqtt/mqtt-tls-files.js';
import type { AgentConfig } from './agent-config-schema.js';
import type { ConfigProblem } from './config-problem.js';
import { checkSecrets, type ResolveSecretOptions } from './resolve-secret.js';

/** Options of {@link checkConfigReferences}. */
export interface CheckReferencesOptions extends ResolveSecretOptions {
  /** Throws when a file cannot be read. Default: `fs.accessSync(path, R_OK)`. */
  readonly access?: (path: string) => void;
}

/** Every TLS file of the config, with its dotted path: uplinks' and `mqtt` sources' `tls.ca`, `tls.cert`, `tls.key`. */
function tlsFiles(config: AgentConfig): { path: string; file: string }[] {
  const files: { path: string; file: string }[] = [];
  const collect = (tls: Partial<Record<(typeof MQTT_TLS_FILE_FIELDS)[number], string | undefined>>, at: string) => {
    for (const key of MQTT_TLS_FILE_FIELDS) {
      const file = tls[key];
      if (file !== undefined) files.push({ path: `${at}.tls.${key}`, file });
    }
  };
  config.sources.forEach((s, i) => {
    const tls = s.kind === 'mqtt' ? (s as { tls?: MqttTlsFiles }).tls : undefined;
    if (tls !== undefined) collect(tls, `sources.${i}`);
  });
  config.uplinks.forEach((u, i) => {
    if (u.tls !== false) collect(u.tls, `uplinks.${i}`);
  });
  return files;
}

/**
 * What only this machine can tell about a valid config, as the agent would find it at
 * start: every secret can be read (its variable is set, its file readable and not empty —
 * uplink tokens, `mqtt` source passwords and key passphrases alike) and every TLS file
 * (uplinks', `mqtt` sources') is readable. Secrets are read and dropped, never returned or
 * printed.
 */
export function checkConfigReferences(config: AgentConfig, options: CheckReferencesOptions = {}): ConfigProblem[] {
  const access = options.access ?? ((path: string) => accessSync(path, constants.R_OK));
  const problems: ConfigProblem[] = checkSecrets(config, options);
  for (const { path, file } of tlsFiles(config)) {
    try {
      access(file);
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      problems.push({ path, reason: `cannot read ${file}${typeof code === 'string' ? ` (${code})` : ''}` });
    }
  }
  return problems;
}
