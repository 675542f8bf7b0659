import type { SignalSemantic } from '@rongtong/core';
import type { SparkplugDataTypeName } from '@rongtong/mqtt';

/** The values of a `DeviceReading` a device publishes. */
export type DeviceSignalKey = 'state' | 'mode' | 'job' | 'product' | 'produced' | 'good' | 'scrap' | 'rate' | 'temperature';

/** One value a simulated MQTT device publishes: where it is in JSON and in Sparkplug, and what it means. */
export interface DeviceSignal {
  readonly key: DeviceSignalKey;
  /** JSONPath in the JSON telemetry. */
  readonly jsonPath: string;
  /** Sparkplug metric name. */
  readonly metric: string;
  /** Sparkplug data type. */
  readonly datatype: Extract<SparkplugDataTypeName, 'String' | 'UInt64' | 'Double'>;
  readonly semantic: SignalSemantic;
  /** UCUM unit ('' = pieces for counters, dimensionless otherwise). */
  readonly unit: string;
}

/** Every value of a device, in publishing order (the Sparkplug aliases follow it). */
export const DEVICE_SIGNALS: readonly DeviceSignal[] = Object.freeze([
  { key: 'state', jsonPath: '$.state', metric: 'State', datatype: 'String', semantic: 'machine_state', unit: '' },
  { key: 'mode', jsonPath: '$.mode', metric: 'Mode', datatype: 'String', semantic: 'operation_mode', unit: '' },
  { key: 'job', jsonPath: '$.job', metric: 'Job', datatype: 'String', semantic: 'job', unit: '' },
  { key: 'product', jsonPath: '$.product', metric: 'Product', datatype: 'String', semantic: 'product', unit: '' },
  { key: 'produced', jsonPath: '$.counters.produced', metric: 'Production/Produced', datatype: 'UInt64', semantic: 'produced_count', unit: '' },
  { key: 'good', jsonPath: '$.counters.good', metric: 'Production/Good', datatype: 'UInt64', semantic: 'good_count', unit: '' },
  { key: 'scrap', jsonPath: '$.counters.scrap', metric: 'Production/Scrap', datatype: 'UInt64', semantic: 'bad_count', unit: '' },
  { key: 'rate', jsonPath: '$.rate', metric: 'Process/Rate', datatype: 'Double', semantic: 'speed', unit: '/min' },
  { key: 'temperature', jsonPath: '$.temperature', metric: 'Process/Temperature', datatype: 'Double', semantic: 'measurement', unit: 'Cel' },
] as const satisfies readonly DeviceSignal[]);
