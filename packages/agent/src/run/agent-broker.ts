import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type FieldViolation, RongtongError, isRongtongError } from '@rongtong/core';
import { type EmbeddedBroker, type EmbeddedBrokerConfigInput, type EmbeddedBrokerStats, startEmbeddedBroker } from '@rongtong/mqtt';
import type { Logger } from 'pino';
import type { EmbeddedBrokerSection } from '../config/broker-config.js';
import { resolveSecret, type ResolveSecretOptions } from '../config/resolve-secret.js';

/** Where the embedded broker keeps its state: `<stateDir>/broker/`. */
export const brokerStateDir = (stateDir: string): string => join(stateDir, 'broker');

/** Options of {@link brokerOptionsFromConfig}. */
export interface BrokerOptionsFromConfigOptions extends ResolveSecretOptions {
  /** Reads a PEM file. Default `readFileSync(path, 'utf8')`. */
  readonly readPem?: (path: string) => string;
}

/**
 * The `startEmbeddedBroker` config of a parsed `broker` section: passwords and the key
 * passphrase read from their secrets, TLS files read, state under `<stateDir>/broker/`.
 * Throws one INVALID_CONFIG naming every field that cannot be read (`broker.users.1.password`,
 * `broker.tls.key`), never a secret.
 */
export function brokerOptionsFromConfig(section: EmbeddedBrokerSection, stateDir: string, options: BrokerOptionsFromConfigOptions = {}): EmbeddedBrokerConfigInput {
  const violations: FieldViolation[] = [];
  const attempt = <T,>(read: () => T): T | undefined => {
    try {
      return read();
    } catch (err) {
      if (!isRongtongError(err) || err.code !== 'INVALID_CONFIG') throw err;
      violations.push(...err.fieldViolations);
      return undefined;
    }
  };
  const readPem = options.readPem ?? ((path: string) => readFileSync(path, 'utf8'));
  const pem = (path: string, at: string): string | undefined => {
    try {
      return readPem(path);
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      violations.push({ path: at, reason: `cannot read ${path}${typeof code === 'string' ? ` (${code})` : ''}` });
      return undefined;
    }
  };
  const users = section.users.map((user, i) => {
    const password = user.password === undefined ? undefined : attempt(() => resolveSecret(user.password!, `broker.users.${i}.password`, options));
    return {
      username: user.username,
      ...(user.passwordHash === undefined ? { password: password ?? '' } : { passwordHash: user.passwordHash }),
      publish: user.publish,
      subscribe: user.subscribe,
    };
  });
  let tls: EmbeddedBrokerConfigInput['tls'];
  if (section.tls !== undefined) {
    const { cert, key, passphrase } = section.tls;
    const certPem = pem(cert, 'broker.tls.cert');
    const keyPem = pem(key, 'broker.tls.key');
    const pass = passphrase === undefined ? undefined : attempt(() => resolveSecret(passphrase, 'broker.tls.passphrase', options));
    if (certPem !== undefined && keyPem !== undefined) tls = { cert: certPem, key: keyPem, ...(pass === undefined ? {} : { passphrase: pass }) };
  }
  if (violations.length > 0) {
    throw new RongtongError('INVALID_CONFIG', violations.map((v) => `${v.path}: ${v.reason}`).join('; '), { fieldViolations: violations });
  }
  return {
    listen: section.listen,
    users,
    allowAnonymous: section.allowAnonymous,
    ...(section.anonymous === undefined ? {} : { anonymous: section.anonymous }),
    stateDir: brokerStateDir(stateDir),
    stateFlushMs: section.stateFlushMs,
    maxConnections: section.maxConnections,
    ...(tls === undefined ? {} : { tls }),
  };
}

/** The embedded broker as the agent's health module reads it. */
export interface AgentBroker {
  /** `mqtt://host:port` (`mqtts://` with TLS): where sources and devices connect. */
  readonly url: string;
  stats(): EmbeddedBrokerStats;
  close(): Promise<void>;
}

/**
 * Starts the embedded broker of the config's `broker` section (none when it is absent):
 * called by `runAgent` before the sources, which connect to it by its URL, and closed after
 * them, so their persistent sessions are written with the broker state. A listen address in
 * use or not on this machine fails the start (UNAVAILABLE, naming `broker.listen`).
 */
export async function startAgentBroker(section: EmbeddedBrokerSection | undefined, stateDir: string, logger: Logger): Promise<AgentBroker | undefined> {
  if (section === undefined) return undefined;
  const config = brokerOptionsFromConfig(section, stateDir);
  let broker: EmbeddedBroker;
  try {
    broker = await startEmbeddedBroker({ config, logger: logger.child({ component: 'broker' }) });
  } catch (err) {
    const reason = `cannot listen on ${section.listen}: ${err instanceof Error ? err.message : String(err)}`;
    throw new RongtongError('UNAVAILABLE', `broker.listen: ${reason}`, { fieldViolations: [{ path: 'broker.listen', reason }], cause: err });
  }
  return broker;
}
