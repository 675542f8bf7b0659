import { isMachineKind, MACHINE_KINDS, type MachineKind } from '../model/machine-kind.js';
import type { MqttDeviceKind, MqttDeviceSpec } from '../mqtt/mqtt-simulator-options.js';
import { UsageError } from './cli-args.js';

/** Id prefix of each device kind: `json:2` makes `DTU1`, `DTU2`; `sparkplug:1` makes `EdgeNode1` (or `Device1` under `--edge-node`). */
export const DEVICE_ID_PREFIX: Readonly<Record<MqttDeviceKind, string>> = Object.freeze({ json: 'DTU', sparkplug: 'EdgeNode' });

const MAX_PER_KIND = 100;
const isDeviceKind = (value: unknown): value is MqttDeviceKind => value === 'json' || value === 'sparkplug';

/**
 * Parses `--devices`: comma-separated `kind[:count[:machine]]` with kind `json` or `sparkplug`
 * and machine `cnc`, `packml` or `legacy` (absent: in turn cnc, packml, legacy per kind), e.g.
 * `json:2,sparkplug:1` → DTU1 (cnc), DTU2 (packml), EdgeNode1 (cnc). With `edgeNode`, the
 * Sparkplug machines are devices `Device1…` of that one edge node.
 */
export function parseDevicesArg(text: string, edgeNode?: string): MqttDeviceSpec[] {
  const devices: MqttDeviceSpec[] = [];
  const counts: Record<MqttDeviceKind, number> = { json: 0, sparkplug: 0 };
  for (const part of text.split(',')) {
    const [kind, count = '1', machine, extra] = part.trim().split(':');
    if (extra !== undefined || !isDeviceKind(kind) || (machine !== undefined && !isMachineKind(machine))) {
      throw new UsageError(`--devices: "${part}" is not kind[:count[:machine]] with kind json or sparkplug and machine one of ${MACHINE_KINDS.join(', ')}`);
    }
    const n = Number(count);
    if (!Number.isInteger(n) || n < 1 || n > MAX_PER_KIND || counts[kind] + n > MAX_PER_KIND) {
      throw new UsageError(`--devices: the count of "${part}" must be 1–${MAX_PER_KIND} (per kind in all)`);
    }
    for (let i = 0; i < n; i++) {
      const index = counts[kind]++;
      const kindOfMachine: MachineKind = machine ?? (MACHINE_KINDS[index % MACHINE_KINDS.length] as MachineKind);
      if (kind === 'json') devices.push({ kind, id: `${DEVICE_ID_PREFIX.json}${index + 1}`, machine: kindOfMachine });
      else if (edgeNode === undefined) devices.push({ kind, id: `${DEVICE_ID_PREFIX.sparkplug}${index + 1}`, machine: kindOfMachine });
      else devices.push({ kind, id: `Device${index + 1}`, machine: kindOfMachine, edgeNode });
    }
  }
  return devices;
}
