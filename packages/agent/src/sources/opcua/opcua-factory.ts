import { readFileSync } from 'node:fs';
import { type FieldViolation, type OpcUaAddress, RongtongError, isRongtongError } from '@rongtong/core';
import { type OpcuaSignal, type OpcuaSource, type OpcuaSourceStats, type OpcuaUser, createOpcuaSource } from '@rongtong/opcua';
import { resolveSecret } from '../../config/resolve-secret.js';
import type { SourceContext, SourceFactory } from '../source-factory.js';
import { opcuaAddressProblems } from './opcua-address-check.js';
import { defaultOpcuaPkiDir } from './opcua-pki-dir.js';
import { OpcuaSourceConfigSchema, type OpcuaSourceConfig } from './opcua-source-config.js';
import { OPCUA_USER_FILE_FIELDS, type OpcuaUserConfig } from './opcua-user-config.js';

/** Options of {@link createOpcuaSourceFromConfig}: how files are read (tests). */
export interface OpcuaFactoryOptions {
  /** Reads a PEM file. Default `readFileSync(path, 'utf8')`. */
  readonly readPem?: (path: string) => string;
}

/** Fields of a connector signal that come from the signal's `opcua` address. */
const ADDRESS_FIELDS: ReadonlySet<string> = new Set(['nodeId', 'indexRange', 'field', 'samplingInterval', 'publishingInterval']);

const invalidConfig = (violations: readonly FieldViolation[], cause?: unknown): RongtongError =>
  new RongtongError('INVALID_CONFIG', violations.map((v) => `${v.path}: ${v.reason}`).join('; '), {
    fieldViolations: violations,
    ...(cause === undefined ? {} : { cause }),
  });

/**
 * The connector's user from the config's: the password secret read, the certificate and key
 * files read as PEM. Each problem is a field violation at `<at>.user.<field>`; never a secret.
 */
function resolveUser(user: OpcuaUserConfig, at: string, readPem: (path: string) => string, violations: FieldViolation[]): OpcuaUser {
  if (user.username !== undefined && user.password !== undefined) {
    try {
      return { username: user.username, password: resolveSecret(user.password, `${at}.user.password`) };
    } catch (err) {
      if (!isRongtongError(err)) throw err;
      violations.push(...err.fieldViolations);
      return { anonymous: true };
    }
  }
  if (user.certificate !== undefined && user.privateKey !== undefined) {
    const pem: Partial<Record<(typeof OPCUA_USER_FILE_FIELDS)[number], string>> = {};
    for (const key of OPCUA_USER_FILE_FIELDS) {
      const path = user[key]!;
      try {
        pem[key] = readPem(path);
      } catch (err) {
        const code = (err as { code?: unknown }).code;
        violations.push({ path: `${at}.user.${key}`, reason: `cannot read ${path}${typeof code === 'string' ? ` (${code})` : ''}` });
      }
    }
    return pem.certificate !== undefined && pem.privateKey !== undefined ? { certificate: pem.certificate, privateKey: pem.privateKey } : { anonymous: true };
  }
  return { anonymous: true };
}

/**
 * Moves the field paths of an INVALID_CONFIG error of `@rongtong/opcua` (relative to its config,
 * `signals.<k>` indexing the signals given to it) to the agent config: `sources.0.user.privateKey`,
 * `signals[id=press-1/state].address.nodeId`.
 */
function inAgentConfig(err: RongtongError, at: string, signals: readonly OpcuaSignal[]): RongtongError {
  const violations = err.fieldViolations.map((v): FieldViolation => {
    const signal = /^signals\.(\d+)(?:\.(\w+))?(.*)$/.exec(v.path);
    const bound = signal ? signals[Number(signal[1])] : undefined;
    if (bound) {
      const name = signal![2];
      const field = name === undefined ? '' : ADDRESS_FIELDS.has(name) ? `.address.${name}` : `.${name}`;
      return { path: `signals[id=${bound.id}]${field}${signal![3]}`, reason: v.reason };
    }
    return { path: v.path ? `${at}.${v.path}` : at, reason: v.reason };
  });
  const summary = violations.map((v) => `${v.path}: ${v.reason}`).join('; ');
  return new RongtongError(err.code, `opcua source at ${at}: ${summary || err.message}`, { fieldViolations: violations, cause: err });
}

/** The connector's signal of a `signals[]` entry with an `opcua` address: its NodeId, value part (`indexRange`, `field`) and intervals. */
export function connectorSignal(id: string, address: OpcUaAddress): OpcuaSignal {
  return {
    id,
    nodeId: address.nodeId,
    ...(address.indexRange === undefined ? {} : { indexRange: address.indexRange }),
    ...(address.field === undefined ? {} : { field: address.field }),
    ...(address.samplingInterval === undefined ? {} : { samplingInterval: address.samplingInterval }),
    ...(address.publishingInterval === undefined ? {} : { publishingInterval: address.publishingInterval }),
  };
}

/** The OPC UA source's statistics as flat, monotonic event counters (`Source.counters`). */
function opcuaCounters(stats: OpcuaSourceStats, itemsBad: number): Record<string, number> {
  const counters: Record<string, number> = {
    notifications: stats.notifications,
    samples: stats.samples,
    gap_samples: stats.gapSamples,
    dropped_samples: stats.droppedSamples,
    connections: stats.connections,
    reconnects: stats.reconnects,
    connection_losses: stats.connectionLosses,
    failed_attempts: stats.failedAttempts,
    items_bad: itemsBad,
  };
  for (const [reason, n] of Object.entries(stats.skippedValues)) counters[`skipped_values_${reason}`] = n;
  for (const [reason, n] of Object.entries(stats.partFailures)) counters[`part_failures_${reason}`] = n;
  return counters;
}

/**
 * Makes the OPC UA source of a parsed `opcua` config: reads the user's password secret or
 * certificate and key files (INVALID_CONFIG naming `sources.<i>.user.password`,
 * `sources.<i>.user.certificate` … when one cannot be read), puts the PKI folder at `pkiDir`
 * or `<stateDir>/pki/opcua` (`context.stateDir`; see `opcuaPkiDir`), and reads the `signals[]` entries of
 * the source at the NodeId of their `opcua` address — the part of the value its `indexRange` /
 * `field` name, at its own `samplingInterval` / `publishingInterval` or else the source's.
 * Its `counters()` are the source's statistics (see the docs).
 */
export function createOpcuaSourceFromConfig(config: OpcuaSourceConfig, context: SourceContext, options: OpcuaFactoryOptions = {}): OpcuaSource {
  const at = context.configPath ?? `sources[id=${config.id}]`;
  const readPem = options.readPem ?? ((path: string) => readFileSync(path, 'utf8'));
  const { user, pkiDir, ...connection } = config;
  const violations: FieldViolation[] = [];
  const resolvedUser = resolveUser(user, at, readPem, violations);
  const folder = pkiDir ?? (context.stateDir === undefined ? undefined : defaultOpcuaPkiDir(context.stateDir));
  if (folder === undefined) {
    violations.push({ path: `${at}.pkiDir`, reason: "required when the source is made without the agent's stateDir (the default is <stateDir>/pki/opcua)" });
  }
  const signals: OpcuaSignal[] = [];
  for (const s of context.signals) {
    if (s.address?.kind === 'opcua') signals.push(connectorSignal(s.id, s.address));
    else violations.push({ path: `signals[id=${s.id}].address`, reason: `required for a signal of opcua source "${config.id}": { kind: opcua, nodeId }` });
  }
  if (violations.length > 0 || folder === undefined) throw invalidConfig(violations);

  let itemsBad = 0;
  try {
    const source = createOpcuaSource({
      config: { ...connection, user: resolvedUser, pkiDir: folder },
      signals,
      sink: context.sink,
      ...(context.logger === undefined ? {} : { logger: context.logger }),
      ...(context.onStateChange === undefined ? {} : { onStateChange: context.onStateChange }),
      // `rongtong-agent trust` without flags uses ./rongtong-state/pki/opcua: other folders are named in the hint.
      trustDefaultPkiDir: defaultOpcuaPkiDir('./rongtong-state'),
      onNodeStatus(statuses) {
        itemsBad += statuses.filter((s) => s.state === 'bad').length;
      },
    });
    return Object.assign(source, { counters: () => opcuaCounters(source.stats(), itemsBad) });
  } catch (err) {
    if (isRongtongError(err) && err.code === 'INVALID_CONFIG') throw inAgentConfig(err, at, signals);
    throw err;
  }
}

/**
 * The built-in `opcua` source kind (`@rongtong/opcua`): one OPC UA server; every signal of the
 * source has an address `{ kind: opcua, nodeId, indexRange?, field?, samplingInterval?,
 * publishingInterval?, typeDefinitionId?, browsePath? }` and is read at its NodeId (the `nsu=`
 * form preferred).
 */
export const opcuaSourceFactory: SourceFactory<OpcuaSourceConfig> = {
  kind: 'opcua',
  description: 'an OPC UA server: None/Sign/SignAndEncrypt, anonymous/username/certificate users, certificate trust (rongtong-agent trust), subscriptions by NodeId',
  configSchema: OpcuaSourceConfigSchema,
  addressKind: 'opcua',
  signalWithoutAddress: () => 'the node, e.g. { kind: opcua, nodeId: "nsu=http://example.com/lathe/;s=Lathe3.State" }',
  checkAddress: (address) => (address.kind === 'opcua' ? opcuaAddressProblems(address) : []),
  create: (config, context) => createOpcuaSourceFromConfig(config, context),
};
