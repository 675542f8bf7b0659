import { RongtongError, type FieldViolation } from '@rongtong/core';
import { resolveClockOptions, SIMULATED_ID, type ClockOptions } from '../clock/clock-options.js';
import { isMachineKind, MACHINE_KINDS, type MachineKind } from '../model/machine-kind.js';
import { resolveBulkOptions, type BulkVariablesOptions, type ResolvedBulkOptions } from './bulk-schedule.js';

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

/** Options of `startOpcuaSimulator` (with `speed`, `seed`, `startTime`, `tickMs` of {@link ClockOptions}). */
export interface OpcuaSimulatorOptions extends ClockOptions {
  /** The machines; may be empty when `bulk` is given. */
  readonly machines: readonly SimulatedMachineSpec[];
  /** Plain Double variables in bulk under `Objects/Bulk`, changing at a fixed rate (load tests). */
  readonly bulk?: BulkVariablesOptions;
  /** TCP port; 0 (default) picks a free one. */
  readonly port?: number;
  /** Interface to listen on (default `127.0.0.1`); `0.0.0.0` / `::` for all. */
  readonly host?: string;
  /**
   * Folder of the server's PKI (its own certificate, trusted and rejected clients). Default: a
   * new temporary folder, removed at `stop()`. node-opcua's per-user default is never used.
   */
  readonly pkiDir?: string;
  /** Aborting it stops the simulator. */
  readonly signal?: AbortSignal;
}

/** `OpcuaSimulatorOptions` with defaults applied and values checked. */
export interface ResolvedSimulatorOptions {
  readonly machines: readonly SimulatedMachineSpec[];
  readonly bulk: ResolvedBulkOptions | undefined;
  readonly port: number;
  readonly host: string;
  readonly speed: number;
  readonly seed: string | number;
  readonly startTime: number;
  readonly pkiDir: string | undefined;
  readonly tickMs: number;
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
  const bulk = resolveBulkOptions(options.bulk, violations);
  if (!Array.isArray(options.machines) || (machines.length === 0 && options.bulk === undefined)) bad('machines', 'must list at least one machine (or give bulk)');
  const ids = new Set<string>();
  machines.forEach((m, i) => {
    if (!isMachineKind(m.kind)) bad(`machines.${i}.kind`, `must be one of ${MACHINE_KINDS.join(', ')}`);
    if (typeof m.id !== 'string' || !SIMULATED_ID.test(m.id)) bad(`machines.${i}.id`, 'must be 1–64 letters, digits, _ or -, starting with a letter');
    else if (ids.has(m.id)) bad(`machines.${i}.id`, `duplicate id "${m.id}"`);
    else ids.add(m.id);
  });
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) bad('port', 'must be an integer 0–65535');
  const host = options.host ?? '127.0.0.1';
  if (typeof host !== 'string' || host === '') bad('host', 'must be a host name or IP address');
  const { speed, seed, startTime, tickMs } = resolveClockOptions(options, violations);
  if (violations.length > 0) {
    throw new RongtongError('INVALID_ARGUMENT', `invalid OPC UA simulator options: ${violations.map((v) => `${v.path}: ${v.reason}`).join('; ')}`, {
      fieldViolations: violations,
    });
  }
  return { machines, bulk, port, host, speed, seed, startTime, pkiDir: options.pkiDir, tickMs };
}
