import { readFileSync, writeFileSync } from 'node:fs';
import { RongtongError, isRongtongError } from '@rongtong/core';
import {
  OPCUA_SECURITY_MODES,
  OPCUA_SECURITY_POLICIES,
  type DiscoveryResult,
  type OpcuaSecurityMode,
  type OpcuaSecurityPolicy,
  type OpcuaUser,
  discoverOpcuaMachines,
  discoveryToAgentConfig,
} from '@rongtong/opcua';
import { parseCliArgs, UsageError } from '@rongtong/runtime';
import { loadAgentConfig } from '../config/config-file.js';
import { resolveSecret } from '../config/resolve-secret.js';
import { SecretRef } from '../config/secret-ref.js';
import { defaultOpcuaPkiDir, opcuaPkiDir } from '../sources/opcua/opcua-pki-dir.js';
import type { OpcuaSourceConfig } from '../sources/opcua/opcua-source-config.js';
import type { CliIo, Command } from './command.js';

/** The environment variable the password is read from when neither --password-env nor --password-file is given. */
const DEFAULT_PASSWORD_ENV = 'RONGTONG_OPCUA_PASSWORD';
/** The PKI folder `rongtong-agent trust` (and `discover`) use without --config or --pki-dir. */
const DEFAULT_PKI_DIR = defaultOpcuaPkiDir('./rongtong-state');

const USAGE = `usage: rongtong-agent discover <opc.tcp://host:port> [--security-mode MODE] [--security-policy POLICY]
                               [--username NAME [--password-env VAR | --password-file FILE]]
                               [--user-certificate FILE --user-key FILE]
                               [--config agent.yaml [--source ID] | --pki-dir DIR]
                               [--source-id ID] [--agent-name NAME] [--out FILE] [--timeout SECONDS]
Browses an OPC UA server, recognises the machines of the standard models (OPC 40001-1
Machinery, OPC 40501-1 Machine Tools, OPC 30050 PackML) by type definition and browse name,
and prints an agent config for them: one opcua source, an equipment entry per machine and its
signals (state, mode, counters with their semantics). Objects with plain variables are listed
commented out, with guesses from their names.
  --security-mode    None, Sign or SignAndEncrypt (default SignAndEncrypt)
  --security-policy  Basic256Sha256 (default), Aes128_Sha256_RsaOaep, Aes256_Sha256_RsaPss;
                     None with --security-mode None
  --allow-deprecated allow Basic128Rsa15 / Basic256 (SHA-1) for a server with nothing better
  --username         user name; the password is read from the environment variable of
                     --password-env (default ${DEFAULT_PASSWORD_ENV}) or the file of
                     --password-file, never from the command line
  --user-certificate, --user-key  PEM files of an X.509 user (instead of a user name)
  --config           use the PKI folder of the config's opcua sources (--source: of this one):
                     the client certificate and the trusted server certificates of the agent
  --pki-dir          a PKI folder itself; default ${DEFAULT_PKI_DIR}
  --source-id        id of the source in the printed config (default opcua)
  --agent-name       print a whole agent config with this agent.name (default: the source,
                     equipment and signals lists, to paste into one)
  --out              write the config to this file (default: stdout)
  --timeout          seconds allowed for the whole discovery (default 120)
An untrusted server certificate is refused: accept it with rongtong-agent trust accept
<thumbprint> (the message names it and the folder), then run discover again.
Exit code 0 when the config is written, 1 when the server cannot be reached or refuses the
connection, 2 on invalid usage.`;

const DEFAULT_TIMEOUT_S = 120;

const text = (value: unknown, flag: string): string | undefined => {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${flag} needs a value\n${USAGE}`);
  return value;
};

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}, not "${value}"\n${USAGE}`);
  return value as T;
}

/** Reads a PEM file named by a flag; INVALID_ARGUMENT naming the flag when it cannot be read. */
function readPem(path: string, flag: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    const reason = `cannot read ${path}${typeof code === 'string' ? ` (${code})` : ''}`;
    throw new RongtongError('INVALID_ARGUMENT', `--${flag}: ${reason}`, { fieldViolations: [{ path: `--${flag}`, reason }] });
  }
}

/** The user from the flags: a user name with its password from the environment or a file, a user certificate, or anonymous. */
function userOf(args: Record<string, unknown>, io: CliIo): OpcuaUser {
  const username = text(args.username, 'username');
  const passwordEnv = text(args['password-env'], 'password-env');
  const passwordFile = text(args['password-file'], 'password-file');
  const certificate = text(args['user-certificate'], 'user-certificate');
  const key = text(args['user-key'], 'user-key');
  if (username === undefined && (passwordEnv !== undefined || passwordFile !== undefined)) throw new UsageError(`--password-env and --password-file go with --username\n${USAGE}`);
  if (passwordEnv !== undefined && passwordFile !== undefined) throw new UsageError(`give --password-env or --password-file, not both\n${USAGE}`);
  if (username !== undefined && (certificate !== undefined || key !== undefined)) throw new UsageError(`give --username or --user-certificate, not both\n${USAGE}`);
  if ((certificate === undefined) !== (key === undefined)) throw new UsageError(`--user-certificate and --user-key go together\n${USAGE}`);
  if (username !== undefined) {
    const ref = passwordFile !== undefined ? SecretRef.file(passwordFile) : SecretRef.env(passwordEnv ?? DEFAULT_PASSWORD_ENV);
    const flag = passwordFile !== undefined ? '--password-file' : '--password-env';
    return { username, password: resolveSecret(ref, flag, { env: io.env }) };
  }
  if (certificate !== undefined && key !== undefined) return { certificate: readPem(certificate, 'user-certificate'), privateKey: readPem(key, 'user-key') };
  return { anonymous: true };
}

/** The PKI folder from --config [--source] or --pki-dir, else the default. */
function pkiDirOf(args: Record<string, unknown>): string {
  const file = text(args.config, 'config');
  const pkiDir = text(args['pki-dir'], 'pki-dir');
  const sourceId = text(args.source, 'source');
  if (file !== undefined && pkiDir !== undefined) throw new UsageError(`give --config or --pki-dir, not both\n${USAGE}`);
  if (sourceId !== undefined && file === undefined) throw new UsageError(`--source needs --config\n${USAGE}`);
  if (pkiDir !== undefined) return pkiDir;
  if (file === undefined) return DEFAULT_PKI_DIR;
  const config = loadAgentConfig(file).config;
  const opcua = config.sources.filter((s) => s.kind === 'opcua') as unknown as OpcuaSourceConfig[];
  if (sourceId !== undefined) {
    const source = opcua.find((s) => s.id === sourceId);
    if (source === undefined) throw new UsageError(`${file} has no opcua source "${sourceId}"${opcua.length > 0 ? ` (opcua sources: ${opcua.map((s) => s.id).join(', ')})` : ''}`);
    return opcuaPkiDir(source, config.stateDir);
  }
  // The one folder of the config's opcua sources (by default they share <stateDir>/pki/opcua).
  const folders = [...new Set(opcua.map((s) => opcuaPkiDir(s, config.stateDir)))];
  if (folders.length > 1) throw new UsageError(`the opcua sources of ${file} use ${folders.length} PKI folders (${folders.join(', ')}): choose one with --source ID\n${USAGE}`);
  return folders[0] ?? defaultOpcuaPkiDir(config.stateDir);
}

function timeoutOf(value: string | undefined): number {
  if (value === undefined) return DEFAULT_TIMEOUT_S * 1000;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 3600) throw new UsageError(`--timeout must be a number of seconds, more than 0 and at most 3600, not "${value}"\n${USAGE}`);
  return Math.round(seconds * 1000);
}

/** What was found, for a person: one line per machine, then the objects not recognised and warnings. */
function summaryLines(result: DiscoveryResult, written: string): string[] {
  const lines = [
    `discovered ${result.machines.length} machine${result.machines.length === 1 ? '' : 's'} at ${result.connection.endpointUrl} (${result.stats.nodes} nodes browsed):`,
    ...result.machines.map((m) => `  ${m.id}: ${m.typeDefinitionName} (${m.kind}), ${m.signals.length} signals: ${m.signals.map((s) => `${s.id.slice(m.id.length + 1)} ${s.semantic}`).join(', ')}`),
  ];
  if (result.unrecognised.length > 0) lines.push(`not recognised (plain variables, commented out in the config): ${result.unrecognised.map((u) => u.id).join(', ')}`);
  for (const w of result.warnings) lines.push(`warning: ${w}`);
  lines.push(written);
  return lines;
}

/**
 * `rongtong-agent discover <opc.tcp://host:port>`: browses an OPC UA server with
 * `discoverOpcuaMachines` (the connector's security, user and trust rules, one session) and
 * prints the agent config `discoveryToAgentConfig` makes of it, on stdout or to `--out`; the
 * summary goes to stderr when the config goes to stdout. A password is read from an
 * environment variable or a file, never the command line. Exit 0 when written, 1 when the
 * server cannot be reached or refuses the connection (an untrusted server certificate: the
 * message names `rongtong-agent trust accept <thumbprint>` with the folder), 2 on invalid usage.
 */
export const discoverCommand: Command = {
  name: 'discover',
  summary: 'browse an OPC UA server and print an agent config for the machines found',
  usage: USAGE,
  async run(argv, io) {
    const args = parseCliArgs(
      argv,
      {
        'security-mode': 'string',
        'security-policy': 'string',
        'allow-deprecated': 'boolean',
        username: 'string',
        'password-env': 'string',
        'password-file': 'string',
        'user-certificate': 'string',
        'user-key': 'string',
        config: 'string',
        source: 'string',
        'pki-dir': 'string',
        'source-id': 'string',
        'agent-name': 'string',
        out: 'string',
        timeout: 'string',
      },
      1,
    );
    const [endpointUrl] = args._;
    if (endpointUrl === undefined) throw new UsageError(`discover needs the server's endpoint, e.g. opc.tcp://192.168.1.20:4840\n${USAGE}`);
    const securityMode = oneOf<OpcuaSecurityMode>(text(args['security-mode'], 'security-mode'), OPCUA_SECURITY_MODES, 'security-mode');
    const securityPolicy = oneOf<OpcuaSecurityPolicy>(text(args['security-policy'], 'security-policy'), OPCUA_SECURITY_POLICIES, 'security-policy');
    const sourceId = text(args['source-id'], 'source-id') ?? 'opcua';
    const agentName = text(args['agent-name'], 'agent-name');
    const out = text(args.out, 'out');
    const timeoutMs = timeoutOf(text(args.timeout, 'timeout'));
    const pkiDir = pkiDirOf(args);
    const user = userOf(args, io);

    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    let result: DiscoveryResult;
    try {
      result = await discoverOpcuaMachines({
        endpointUrl,
        ...(securityMode === undefined ? {} : { securityMode }),
        ...(securityPolicy === undefined ? {} : { securityPolicy }),
        allowDeprecatedPolicies: args['allow-deprecated'] === true,
        user,
        pkiDir,
        connectTimeoutMs: Math.min(timeoutMs, 15_000),
        signal: controller.signal,
        trustDefaultPkiDir: DEFAULT_PKI_DIR,
      });
    } catch (err) {
      if (controller.signal.aborted) throw new RongtongError('DEADLINE_EXCEEDED', `discovery of ${endpointUrl} did not finish within ${timeoutMs / 1000} s (--timeout)`, { cause: err });
      if (isRongtongError(err) && err.code === 'FAILED_PRECONDITION' && /trust accept/.test(err.message)) {
        throw new RongtongError(err.code, `${err.message}; then run rongtong-agent discover again`, { cause: err });
      }
      if (isRongtongError(err) && err.code === 'INVALID_CONFIG') {
        // Options the connector refused (endpoint, security): usage errors of this command.
        throw new UsageError(`${err.fieldViolations.map((v) => `${v.path}: ${v.reason}`).join('\n') || err.message}\n${USAGE}`);
      }
      throw err;
    } finally {
      clearTimeout(timer);
    }

    const { yaml } = discoveryToAgentConfig(result, { sourceId, ...(agentName === undefined ? {} : { agentName }) });
    if (out !== undefined) {
      writeFileSync(out, yaml);
      for (const line of summaryLines(result, `config written to ${out}`)) io.out(line);
    } else {
      io.out(yaml.replace(/\n$/, ''));
      for (const line of summaryLines(result, 'config printed above')) io.err(line);
    }
    return 0;
  },
};
