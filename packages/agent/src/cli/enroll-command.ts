import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import * as grpc from '@grpc/grpc-js';
import { generateAgentKeyPair, RongtongError } from '@rongtong/core';
import { rongtongPackageDefinition, type EnrollResponse__Output, type ProtoGrpcType } from '@rongtong/protocol';
import { parseCliArgs, UsageError } from '@rongtong/runtime';
import { loadAgentConfig } from '../config/config-file.js';
import type { UplinkConfig } from '../config/uplink-config.js';
import { hasEnrollment, uplinkStatePaths, writeEnrollment } from './agent-state.js';
import type { Command } from './command.js';
import { AGENT_VERSION } from './agent-version.js';

const USAGE = `usage: rongtong-agent enroll --token T --uplink NAME [--platform host:port] [--ca file | --insecure]
                             [--state-dir DIR | --config agent.yaml] [--name NAME] [--force]
Makes an Ed25519 key pair, enrolls this agent with the platform using a one-time enrollment token,
and stores key.pem and credentials.json (mode 0600) in <stateDir>/uplinks/<NAME>/. Prints the agent id.
  --platform   platform gRPC address; default: the uplink's platform in --config
  --ca         PEM file of the CA that signed the platform's certificate (default: the uplink's
               tls in --config, else the system CAs)
  --insecure   plaintext gRPC (loopback tests only: the token travels unencrypted); default when
               the uplink in --config has tls: false
  --state-dir  state directory; default: stateDir of --config, else ./rongtong-state
  --name       agent name shown on the platform; default: agent.name of --config, else the hostname
  --force      replace existing credentials of the uplink
Exit code 0 when enrolled, 1 when the platform refused or cannot be reached, 2 on invalid usage.`;

const ENROLL_DEADLINE_MS = 15_000;
const proto = grpc.loadPackageDefinition(rongtongPackageDefinition()) as unknown as ProtoGrpcType;

/** Calls `OnboardingService.Enroll` once, with a deadline. */
function callEnroll(address: string, credentials: grpc.ChannelCredentials, request: object): Promise<EnrollResponse__Output> {
  const client = new proto.rongtong.v1.OnboardingService(address, credentials);
  return new Promise<EnrollResponse__Output>((resolve, reject) => {
    client.Enroll(request, { deadline: Date.now() + ENROLL_DEADLINE_MS }, (err, res) => {
      if (err || res === undefined) {
        reject(new RongtongError('UNAVAILABLE', `enrollment at ${address} failed: ${err?.details || err?.message || 'no response'}`));
      } else {
        resolve(res);
      }
    });
  }).finally(() => client.close());
}

/** Reads the `--ca` file; INVALID_ARGUMENT naming the flag when it cannot be read. */
function readCa(path: string, flag: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    throw new RongtongError('INVALID_ARGUMENT', `${flag}: cannot read ${path}${typeof code === 'string' ? ` (${code})` : ''}`, {
      fieldViolations: [{ path: flag, reason: `cannot read ${path}` }],
    });
  }
}

/** Channel credentials from the flags, or (when neither --ca nor --insecure is given) from the uplink's `tls` in --config. */
function channelCredentials(insecure: boolean, ca: string | undefined, configured: UplinkConfig['tls'] | undefined): grpc.ChannelCredentials {
  if (insecure || configured === false) return grpc.credentials.createInsecure();
  if (ca !== undefined) return grpc.credentials.createSsl(readCa(ca, '--ca'));
  if (configured?.ca !== undefined) return grpc.credentials.createSsl(readCa(configured.ca, 'tls.ca'));
  return grpc.credentials.createSsl();
}

const text = (value: unknown, flag: string): string | undefined => {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${flag} needs a value\n${USAGE}`);
  return value;
};

/** `rongtong-agent enroll`: enrolls the agent for one uplink and stores its key and credentials. */
export const enrollCommand: Command = {
  name: 'enroll',
  summary: 'enroll with a platform and store the key and credentials of an uplink',
  usage: USAGE,
  async run(argv, io) {
    const args = parseCliArgs(argv, {
      platform: 'string',
      token: 'string',
      ca: 'string',
      insecure: 'boolean',
      uplink: 'string',
      'state-dir': 'string',
      config: 'string',
      name: 'string',
      force: 'boolean',
    });
    const token = text(args.token, 'token');
    const uplink = text(args.uplink, 'uplink');
    if (token === undefined) throw new UsageError(`--token is required\n${USAGE}`);
    if (uplink === undefined) throw new UsageError(`--uplink is required\n${USAGE}`);
    const configFile = text(args.config, 'config');
    let stateDir = text(args['state-dir'], 'state-dir');
    if (configFile !== undefined && stateDir !== undefined) throw new UsageError(`give --state-dir or --config, not both\n${USAGE}`);
    const ca = text(args.ca, 'ca');
    if (ca !== undefined && args.insecure === true) throw new UsageError(`give --ca or --insecure, not both\n${USAGE}`);
    const config = configFile === undefined ? undefined : loadAgentConfig(configFile).config;
    stateDir ??= config?.stateDir ?? './rongtong-state';
    const configured = config?.uplinks.find((u) => u.name === uplink);
    const platform = text(args.platform, 'platform') ?? configured?.platform;
    if (platform === undefined) throw new UsageError(`--platform is required (no uplink "${uplink}" in --config)\n${USAGE}`);
    const paths = uplinkStatePaths(stateDir, uplink);
    if (hasEnrollment(paths) && args.force !== true) {
      throw new RongtongError('ALREADY_EXISTS', `uplink "${uplink}" is already enrolled (${paths.credentials}); pass --force to replace its credentials`);
    }
    const channel = channelCredentials(args.insecure === true, ca, args.insecure !== true && ca === undefined ? configured?.tls : undefined);
    const keys = generateAgentKeyPair();
    const agentName = text(args.name, 'name') ?? config?.agent.name ?? hostname();
    const res = await callEnroll(platform, channel, {
      enrollmentToken: token,
      publicKey: Buffer.from(keys.publicKey),
      agentName,
      hostname: hostname(),
      agentVersion: AGENT_VERSION,
    });
    writeEnrollment(paths, {
      privateKeyPem: keys.privateKeyPem,
      credentials: { agentId: res.agentId, tenantId: res.tenantId, enterpriseId: res.enterpriseId, tokenId: res.tokenId, token: res.apiToken },
    });
    io.out(`enrolled uplink "${uplink}" as agent ${res.agentId} (tenant ${res.tenantId}, enterprise ${res.enterpriseId}); credentials in ${paths.dir}`);
    return 0;
  },
};
