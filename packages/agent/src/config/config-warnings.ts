import { resolve } from 'node:path';
import { isCounterSemantic } from '@rongtong/core';
import type { AgentConfig } from './agent-config-schema.js';
import type { ConfigProblem } from './config-problem.js';
import { isLoopbackHost, splitHostPort } from '@rongtong/core';
import { findSecrets } from './resolve-secret.js';
import { brokerWarnings } from './broker-config.js';
import { opcuaPkiDir } from '../sources/opcua/opcua-pki-dir.js';
import type { OpcuaSourceConfig } from '../sources/opcua/opcua-source-config.js';

const STATE_SEMANTICS: ReadonlySet<string> = new Set(['machine_state', 'operation_mode']);

/**
 * What is allowed but probably not meant, in a valid config: inline secrets, plaintext or
 * health endpoints beyond loopback, settings a semantic ignores, nothing to send to.
 * `validate` prints them; the agent logs them at start.
 */
export function configWarnings(config: AgentConfig): ConfigProblem[] {
  const warnings: ConfigProblem[] = [];
  const warn = (path: string, reason: string) => warnings.push({ path, reason });

  for (const { path, ref } of findSecrets(config)) {
    if (ref.origin === 'value') warn(path, 'inline secret: anyone who can read this file has it; prefer { env: NAME } or { file: path }');
  }
  const health = splitHostPort(config.health.listen);
  if (health && !isLoopbackHost(health.host)) warn('health.listen', `health and metrics are served beyond this machine (${health.host}); they carry no secrets but reveal the agent's state`);
  if (config.uplinks.length === 0) warn('uplinks', 'no uplinks: the agent reads its sources but sends nothing');
  config.uplinks.forEach((u, i) => {
    if (u.tls !== false && u.insecure) warn(`uplinks.${i}.insecure`, 'has no effect: tls is on (insecure only allows tls: false)');
    const host = splitHostPort(u.platform)?.host;
    if (u.tls === false && host !== undefined && !isLoopbackHost(host)) warn(`uplinks.${i}.tls`, `plaintext to ${host}, beyond this machine: the token and data can be read on the way`);
  });
  opcuaWarnings(config, warn);
  warnings.push(...brokerWarnings(config.broker));
  if (config.signals.length === 0) warn('signals', 'no signals: nothing the sources read has a meaning yet, so nothing is sent');
  config.signals.forEach((s, i) => {
    if (s.counter !== undefined && !isCounterSemantic(s.semantic)) warn(`signals.${i}.counter`, `ignored: ${s.semantic} is not a counter semantic`);
    if (s.stateMappings.length > 0 && !STATE_SEMANTICS.has(s.semantic)) warn(`signals.${i}.stateMappings`, `ignored: only machine_state and operation_mode signals are mapped to time buckets`);
    if (s.partsPerCycle !== undefined && s.semantic !== 'cycle_count') warn(`signals.${i}.partsPerCycle`, 'ignored: only cycle_count signals have parts per cycle');
  });
  const used = new Set(config.signals.map((s) => s.equipment));
  config.equipment.forEach((e, i) => {
    if (!used.has(e.id)) warn(`equipment.${i}`, `no signals[] entry belongs to "${e.id}": it is declared without data`);
  });
  return warnings;
}

/**
 * `opcua` sources: a password on an endpoint without message security, and sources sharing a
 * PKI folder (the default one) under different application names — the client certificate is
 * made once per folder, for the first name, and servers that check it against the
 * application URI refuse the others.
 */
function opcuaWarnings(config: AgentConfig, warn: (path: string, reason: string) => void): void {
  const firstByFolder = new Map<string, { index: number; applicationName: string }>();
  config.sources.forEach((entry, i) => {
    if (entry.kind !== 'opcua') return;
    const s = entry as OpcuaSourceConfig;
    if (s.securityMode === 'None' && s.user.username !== undefined) {
      warn(`sources.${i}.securityMode`, 'None: the password is protected only if the server encrypts user tokens itself; prefer Sign or SignAndEncrypt');
    }
    const folder = opcuaPkiDir(s, config.stateDir);
    const first = firstByFolder.get(resolve(folder));
    if (first === undefined) firstByFolder.set(resolve(folder), { index: i, applicationName: s.applicationName });
    else if (first.applicationName !== s.applicationName) {
      warn(
        `sources.${i}.applicationName`,
        `"${s.applicationName}" differs from sources.${first.index} ("${first.applicationName}"), which uses the same PKI folder ${folder}: the client certificate is made once per folder, so give this source its own pkiDir or the same applicationName`,
      );
    }
  });
}
