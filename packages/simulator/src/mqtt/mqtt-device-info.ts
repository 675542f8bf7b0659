import type { SignalSemantic } from '@rongtong/core';
import type { MachineKind } from '../model/machine-kind.js';
import type { AgentConfigSnippet } from './agent-config-snippet.js';
import type { PayloadTimeFormat } from './payload-time-format.js';
import type { SparkplugMetricInfo } from './sparkplug-edge-node.js';

/** One value of a JSON device's telemetry. */
export interface JsonDeviceField {
  /** Signal name in the agent snippet (`<id>/<name>`): state, mode, job, product, produced, good, scrap, rate, temperature. */
  readonly name: string;
  /** JSONPath in the payload, e.g. `$.counters.good`. */
  readonly path: string;
  readonly semantic: SignalSemantic;
  readonly unit: string;
}

/** Where and how a simulated JSON device (a 4G DTU) publishes. */
export interface JsonDeviceInfo {
  readonly kind: 'json';
  readonly id: string;
  readonly machine: MachineKind;
  /** The MQTT client id it connects with. */
  readonly clientId: string;
  /** `<topicPrefix>/<line>/<id>/telemetry`. */
  readonly topic: string;
  readonly line: string;
  /** How `$.ts` is written. */
  readonly timestampFormat: PayloadTimeFormat;
  readonly fields: readonly JsonDeviceField[];
  /** The agent config that reads this device. */
  readonly agentConfig: AgentConfigSnippet;
}

/** Where and how a simulated Sparkplug B machine publishes. */
export interface SparkplugDeviceInfo {
  readonly kind: 'sparkplug';
  readonly id: string;
  readonly machine: MachineKind;
  /** The MQTT client id of its edge node. */
  readonly clientId: string;
  readonly groupId: string;
  readonly edgeNodeId: string;
  /** The Sparkplug device id; absent when the machine's metrics are the edge node's own. */
  readonly deviceId?: string;
  /** Its birth, data and death topics, and the NCMD topic of its edge node. */
  readonly topics: { readonly birth: string; readonly data: string; readonly death: string; readonly command: string };
  /** Its metrics with aliases and data types (in NBIRTH, or in DBIRTH for a device). */
  readonly metrics: readonly SparkplugMetricInfo[];
  /** The agent config that reads this machine. */
  readonly agentConfig: AgentConfigSnippet;
}

/** A simulated MQTT device. */
export type MqttDeviceInfo = JsonDeviceInfo | SparkplugDeviceInfo;
