/**
 * @rongtong/simulator — simulated machines for demos, tests and benchmarks (DESIGN §5): OPC UA
 * servers on the standard nodesets, MQTT and Sparkplug B devices, each recording its ground truth.
 *
 * Two layers:
 * - the machine models (`createMachineModel`, `createSimulation`): seeded, deterministic state
 *   machines in simulated time, no I/O, each keeping its ground truth;
 * - the OPC UA server (`startOpcuaSimulator`, CLI `rongtong-sim opcua`): the models as Machine
 *   Tools CNC machines, a PackML packaging line and a legacy machine with plain variables;
 * - the MQTT devices (`startMqttSimulator`, CLI `rongtong-sim mqtt`): the models behind JSON
 *   devices (4G DTUs) and Sparkplug B edge nodes on a broker.
 */

// Machine models (no I/O).
export {
  LEGACY_MACHINE_MODES,
  LEGACY_STATUS_CODES,
  MACHINERY_ITEM_STATES,
  MACHINERY_OPERATION_MODES,
  MACHINE_KINDS,
  PACKML_STATE_NUMBERS,
  PACKML_UNIT_MODES,
  isMachineKind,
  type LegacyMachineMode,
  type LegacyStatus,
  type MachineKind,
  type MachineryItemState,
  type MachineryOperationMode,
  type PackmlState,
  type PackmlUnitMode,
} from './model/machine-kind.js';
export { createRng, machineSeed, type Rng } from './model/prng.js';
export type { JobPhase } from './model/machine-step.js';
export type { MachineBehaviour, PartTotals, ProfileShape, Range } from './model/machine-behaviour.js';
export { CNC_BEHAVIOUR, DEFAULT_CNC_PROFILE, type CncProfile } from './model/cnc-behaviour.js';
export { DEFAULT_PACKML_PROFILE, PACKML_BEHAVIOUR, type PackmlProfile } from './model/packml-behaviour.js';
export { DEFAULT_LEGACY_PROFILE, LEGACY_BEHAVIOUR, LEGACY_STATE_MAPPING, type LegacyProfile } from './model/legacy-behaviour.js';
export type { MachineGroundTruth, TruthHour, TruthJob, TruthPeriod } from './model/ground-truth.js';
export {
  MACHINE_BEHAVIOURS,
  createMachineModel,
  type JobSnapshot,
  type MachineModel,
  type MachineModelOptions,
  type MachineSnapshot,
  type SnapshotListener,
} from './model/machine-model.js';
export { createSimulation, type Simulation, type SimulationGroundTruth, type SimulationOptions } from './model/simulation.js';
export type { ClockOptions } from './clock/clock-options.js';

// OPC UA server.
export { NAMESPACE_URIS, SIMULATOR_NAMESPACE_URI, simulatorNodesets } from './opcua/nodesets.js';
export type { OpcuaSimulatorOptions, SimulatedMachineSpec } from './opcua/opcua-simulator-options.js';
export type { SimulatedMachineInfo } from './opcua/machine-node.js';
export { packmlStatePath } from './opcua/packml-machine-node.js';
export { startOpcuaSimulator, type OpcuaSimulator } from './opcua/start-opcua-simulator.js';
export {
  DEFAULT_BULK_INTERVAL_MS,
  MAX_BULK_VARIABLES,
  bulkIdentifier,
  createBulkSchedule,
  type BulkSchedule,
  type BulkValue,
  type BulkVariablesOptions,
} from './opcua/bulk-schedule.js';
export type { BulkStats, SimulatedBulkInfo } from './opcua/bulk-variables-node.js';

// MQTT devices.
export {
  MQTT_DEVICE_KINDS,
  type JsonDeviceSpec,
  type MqttDeviceKind,
  type MqttDeviceSpec,
  type MqttSimulatorOptions,
  type SparkplugDeviceSpec,
} from './mqtt/mqtt-simulator-options.js';
export { PAYLOAD_TIME_FORMATS, formatPayloadTime, type PayloadTimeFormat } from './mqtt/payload-time-format.js';
export type { DeviceReading, ReadingTrigger } from './mqtt/device-telemetry.js';
export { DEVICE_SIGNALS, type DeviceSignal, type DeviceSignalKey } from './mqtt/device-signals.js';
export type { JsonTelemetry } from './mqtt/json-payload.js';
export type { DeviceLinkState } from './mqtt/device-link.js';
export type { MqttDeviceStats } from './mqtt/json-device.js';
export { NODE_CONTROL_REBIRTH, REBIRTH_ALIAS, type SparkplugMetricInfo } from './mqtt/sparkplug-edge-node.js';
export {
  SIM_MQTT_SOURCE_ID,
  SIM_SPARKPLUG_HOST_ID,
  SIM_SPARKPLUG_SOURCE_ID,
  type AgentConfigSnippet,
  type AgentEquipmentSnippet,
  type AgentSignalSnippet,
  type AgentSourceSnippet,
} from './mqtt/agent-config-snippet.js';
export type { JsonDeviceField, JsonDeviceInfo, MqttDeviceInfo, SparkplugDeviceInfo } from './mqtt/mqtt-device-info.js';
export { startMqttSimulator, type MqttSimulator } from './mqtt/start-mqtt-simulator.js';
