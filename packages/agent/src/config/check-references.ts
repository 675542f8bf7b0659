import { accessSync, constants } from 'node:fs';
import type { AgentConfig } from './agent-config-schema.js';
import type { ConfigProblem } from './config-problem.js';
import { checkSecrets, type ResolveSecretOptions } from './resolve-secret.js';

/** Options of {@link checkConfigReferences}. */
export interface CheckReferencesOptions extends ResolveSecretOptions {
  /** Throws when a file cannot be read. Default: `fs.accessSync(path, R_OK)`. */
  readonly access?: (path: string) => void;
}

/**
 * What only this machine can tell about a valid config, as the agent would find it at
 * start: every secret can be read (its variable is set, its file readable and not empty)
 * and every TLS file is readable. Secrets are read and dropped, never returned or printed.
 */
export function checkConfigReferences(config: AgentConfig, options: CheckReferencesOptions = {}): ConfigProblem[] {
  const access = options.access ?? ((path: string) => accessSync(path, constants.R_OK));
  const problems: ConfigProblem[] = checkSecrets(config, options);
  config.uplinks.forEach((u, i) => {
    if (u.tls === false) return;
    for (const key of ['ca', 'cert', 'key'] as const) {
      const path = u.tls[key];
      if (path === undefined) continue;
      try {
        access(path);
      } catch (err) {
        const code = (err as { code?: unknown }).code;
        problems.push({ path: `uplinks.${i}.tls.${key}`, reason: `cannot read ${path}${typeof code === 'string' ? ` (${code})` : ''}` });
      }
    }
  });
  return problems;
}
