import { RongtongError, type FieldViolation } from '@rongtong/core';
import { isMachineKind, MACHINE_KINDS, type MachineKind } from '../model/machine-kind.js';

/** One machine to simulate. */
export interface SimulatedMachineSpec {
  readonly kind: MachineKind;
  /** Unique id: letters, digits, `_` and `-`, starting with a letter (used in NodeIds and BrowseNames). */
  readonly id: string;
  /** Seed of this machine (default: the simulator's `seed`); the machine id is mixed in. */
  readonly seed?: string | number;
  /** Parameter overrides of the machine kind (see `DEFAULT_CNC_PROFILE` and friends). */
  readonly params?: Readonly<Record<string, number | readonly [number, number]>>;
}

/** Options of `startOpcuaSimulator`. */
export interface OpcuaSimulatorOptions {
  readonly machines: readonly SimulatedMachineSpec[];
  /** TCP port; 0 (default) picks a free one. */
  readonly port?: number;
  /** Interface to listen on (default `127.0.0.1`); `0.0.0.0` / `::` for all. */
  readonly host?: string;
  /**
   * Simulated seconds per real second (default 1; 60 = one simulated hour a minute). 0 stops
   * the clock: time then moves only with `advance()`.
   */
  readonly speed?: number;
  /** Seed of the simulation (default 1): same seed, machines and time → same history. */
  readonly seed?: string | number;
  /** Simulated start time (default: now, to the second). */
  readonly startTime?: Date | number | string;
  /**
   * Folder of the server's PKI (its own certificate, trusted and rejected clients). Default: a
   * new temporary folder, removed at `stop()`. node-opcua's per-user default is never used.
   */
  readonly pkiDir?: string;
  /** Real milliseconds between clock ticks (default 100). */
  readonly tickMs?: number;
  /** Aborting it stops the simulator. */
  readonly signal?: AbortSignal;
}

/** `OpcuaSimulatorOptions` with defaults applied and values checked. */
export interface ResolvedSimulatorOptions {
  readonly machines: readonly SimulatedMachineSpec[];
  readonly port: number;
  readonly host: string;
  readonly speed: number;
  readonly seed: string | number;
  readonly startTime: number;
  readonly pkiDir: string | undefined;
  readonly tickMs: number;
}

const ID = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

function startTimeMs(value: OpcuaSimulatorOptions['startTime'], violations: FieldViolation[]): number {
  if (value === undefined) return Math.floor(Date.now() / 1000) * 1000;
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms)) {
    violations.push({ path: 'startTime', reason: 'must be a date (Date, ms since the epoch or ISO 8601 text)' });
    return 0;
  }
  return Math.floor(ms);
}

/**
 * Applies the defaults and checks the options; throws INVALID_ARGUMENT naming every bad field
 * (e.g. `machines.1.id`).
 */
export function resolveSimulatorOptions(options: OpcuaSimulatorOptions): ResolvedSimulatorOptions {
  const violations: FieldViolation[] = [];
  const bad = (path: string, reason: string): void => {
    violations.push({ path, reason });
  };
  const machines: readonly SimulatedMachineSpec[] = Array.isArray(options.machines) ? options.machines : [];
  if (!Array.isArray(options.machines) || machines.length === 0) bad('machines', 'must list at least one machine');
  const ids = new Set<string>();
  machines.forEach((m, i) => {
    if (!isMachineKind(m.kind)) bad(`machines.${i}.kind`, `must be one of ${MACHINE_KINDS.join(', ')}`);
    if (typeof m.id !== 'string' || !ID.test(m.id)) bad(`machines.${i}.id`, 'must be 1–64 letters, digits, _ or -, starting with a letter');
    else if (ids.has(m.id)) bad(`machines.${i}.id`, `duplicate id "${m.id}"`);
    else ids.add(m.id);
  });
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) bad('port', 'must be an integer 0–65535');
  const host = options.host ?? '127.0.0.1';
  if (typeof host !== 'string' || host === '') bad('host', 'must be a host name or IP address');
  const speed = options.speed ?? 1;
  if (typeof speed !== 'number' || !Number.isFinite(speed) || speed < 0) bad('speed', 'must be a number ≥ 0');
  const tickMs = options.tickMs ?? 100;
  if (typeof tickMs !== 'number' || !Number.isFinite(tickMs) || tickMs < 1) bad('tickMs', 'must be a number ≥ 1');
  const seed = options.seed ?? 1;
  if (typeof seed !== 'string' && typeof seed !== 'number') bad('seed', 'must be a string or a number');
  const startTime = startTimeMs(options.startTime, violations);
  if (violations.length > 0) {
    throw new RongtongError('INVALID_ARGUMENT', `invalid OPC UA simulator options: ${violations.map((v) => `${v.path}: ${v.reason}`).join('; ')}`, {
      fieldViolations: violations,
    });
  }
  return { machines, port, host, speed, seed, startTime, pkiDir: options.pkiDir, tickMs };
}
