import type { MachineKind } from '../model/machine-kind.js';
import type { DeviceReading, ReadingTrigger } from './device-telemetry.js';
import { formatPayloadTime, type PayloadTimeFormat } from './payload-time-format.js';

/**
 * The JSON telemetry of a simulated DTU, e.g.
 *
 * ```json
 * { "ts": 1893456000123, "device": "DTU1", "machine": "cnc", "trigger": "state",
 *   "state": "Executing", "mode": "Processing", "job": "DTU1-J0001", "product": "O1003",
 *   "counters": { "produced": 12, "good": 12, "scrap": 0 }, "rate": 0.4, "temperature": 41.27 }
 * ```
 */
export interface JsonTelemetry {
  /** Simulated time of the reading, in the device's {@link PayloadTimeFormat}. */
  readonly ts: number | string;
  readonly device: string;
  readonly machine: MachineKind;
  /** `start` (first message), `state` (state or mode changed), `report` (periodic). */
  readonly trigger: ReadingTrigger;
  readonly state: string;
  readonly mode: string;
  readonly job: string;
  readonly product: string;
  /** Integers, counting from 0 at the simulated start. */
  readonly counters: { readonly produced: number; readonly good: number; readonly scrap: number };
  /** parts/min. */
  readonly rate: number;
  /** °C. */
  readonly temperature: number;
}

/** The JSON payload of `reading`. */
export function jsonTelemetry(
  device: { readonly id: string; readonly machine: MachineKind; readonly timestampFormat: PayloadTimeFormat },
  reading: DeviceReading,
  trigger: ReadingTrigger,
  utcOffsetMinutes: number,
): JsonTelemetry {
  return {
    ts: formatPayloadTime(reading.at, device.timestampFormat, utcOffsetMinutes),
    device: device.id,
    machine: device.machine,
    trigger,
    state: reading.state,
    mode: reading.mode,
    job: reading.job,
    product: reading.product,
    counters: { produced: reading.produced, good: reading.good, scrap: reading.scrap },
    rate: reading.rate,
    temperature: reading.temperature,
  };
}
