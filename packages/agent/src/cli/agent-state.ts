import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { RongtongError } from '@rongtong/core';

/**
 * Layout of the agent's state directory (`stateDir` in agent.yaml):
 *
 *   <stateDir>/uplinks/<name>/key.pem           Ed25519 private key, PKCS#8 PEM, mode 0600
 *   <stateDir>/uplinks/<name>/credentials.json  agent id, tenant, enterprise, token, mode 0600
 *   <stateDir>/uplinks/<name>/outbox.db         the uplink's durable outbox (SQLite, WAL)
 *
 * Directories are made 0700 and secret files are created with mode 0600 from the start (never
 * world-readable, even briefly).
 */

/** What `enroll` stores for one uplink (`credentials.json`). */
export interface UplinkCredentials {
  readonly agentId: string;
  readonly tenantId: string;
  readonly enterpriseId: string;
  readonly tokenId: string;
  /** The agent's API token. Never printed or logged. */
  readonly token: string;
}

/** The stored enrolment of one uplink: its credentials and private key. */
export interface UplinkEnrollment {
  readonly credentials: UplinkCredentials;
  readonly privateKeyPem: string;
}

/** Paths of one uplink in the state directory. */
export interface UplinkStatePaths {
  readonly dir: string;
  readonly key: string;
  readonly credentials: string;
  readonly outbox: string;
}

/** The paths of uplink `name` under `stateDir`. */
export function uplinkStatePaths(stateDir: string, name: string): UplinkStatePaths {
  const dir = join(stateDir, 'uplinks', name);
  return { dir, key: join(dir, 'key.pem'), credentials: join(dir, 'credentials.json'), outbox: join(dir, 'outbox.db') };
}

/** Makes the uplink's directory (and parents), mode 0700. */
export function ensureUplinkStateDir(paths: UplinkStatePaths): void {
  mkdirSync(paths.dir, { recursive: true, mode: 0o700 });
}

/** True when `credentials.json` or `key.pem` of the uplink exists. */
export function hasEnrollment(paths: UplinkStatePaths): boolean {
  return existsSync(paths.credentials) || existsSync(paths.key);
}

/** Writes `text` to a new file created with mode 0600, then renames it over `path` (atomic). */
function writeSecretFile(path: string, text: string): void {
  const temp = `${path}.${process.pid}.tmp`;
  const fd = openSync(temp, 'wx', 0o600);
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
}

/** Stores an enrolment: the key first, then the credentials (both 0600). */
export function writeEnrollment(paths: UplinkStatePaths, enrollment: UplinkEnrollment): void {
  ensureUplinkStateDir(paths);
  writeSecretFile(paths.key, enrollment.privateKeyPem);
  writeSecretFile(paths.credentials, `${JSON.stringify(enrollment.credentials, null, 2)}\n`);
}

const FIELDS = ['agentId', 'tenantId', 'enterpriseId', 'tokenId', 'token'] as const;

/**
 * Reads the enrolment of uplink `name`. Throws FAILED_PRECONDITION naming the uplink and the
 * `enroll` command to run when it is missing, or naming the file and field when it is damaged.
 */
export function readEnrollment(stateDir: string, name: string): UplinkEnrollment {
  const paths = uplinkStatePaths(stateDir, name);
  if (!existsSync(paths.credentials) || !existsSync(paths.key)) {
    throw new RongtongError(
      'FAILED_PRECONDITION',
      `uplink "${name}" is not enrolled: ${paths.credentials} or ${paths.key} is missing; run ` +
        `"rongtong-agent enroll --config <agent.yaml> --uplink ${name} --token <enrollment token>" first`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(paths.credentials, 'utf8'));
  } catch (err) {
    throw new RongtongError('FAILED_PRECONDITION', `uplink "${name}": ${paths.credentials} is not valid JSON (${(err as Error).message})`);
  }
  const record = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
  const bad = FIELDS.filter((f) => typeof record[f] !== 'string' || record[f] === '');
  if (bad.length > 0) throw new RongtongError('FAILED_PRECONDITION', `uplink "${name}": ${paths.credentials} lacks ${bad.join(', ')}; enroll again`);
  const credentials = Object.fromEntries(FIELDS.map((f) => [f, record[f]])) as unknown as UplinkCredentials;
  return { credentials, privateKeyPem: readFileSync(paths.key, 'utf8') };
}
