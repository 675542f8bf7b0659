import { isRongtongError } from '@rongtong/core';
import {
  type MqttJsonSource,
  type MqttJsonSourceConfigInput,
  type MqttSignalBinding,
  createMqttJsonSource,
  type MqttJsonSourceStats,
  timestampPairingProblem,
  tryParseJsonPath,
} from '@rongtong/mqtt';
import type { AddressProblem, SourceContext, SourceFactory } from '../source-factory.js';
import { MqttSourceConfigSchema, type MqttSourceConfig } from './mqtt-source-config.js';
import { connectorErrorInAgentConfig, resolveMqttCredentials } from './mqtt-agent-fields.js';
import { fieldsProducing } from './template-signals.js';

/** Most template signals listed in a "no template produces it" message. */
const MAX_LISTED = 8;

/** Why no topic template of `config` produces `signalId`, or true when one does. */
function producedByTemplate(config: MqttSourceConfig, signalId: string): true | string {
  if (fieldsProducing(config.topics, signalId).length > 0) return true;
  const all = [...new Set(config.topics.flatMap((t) => t.fields.map((f) => f.signal)))];
  if (all.length === 0) return `it has no topic templates that could produce "${signalId}"`;
  const listed = all.slice(0, MAX_LISTED).join(', ') + (all.length > MAX_LISTED ? ', …' : '');
  return `no topic template produces "${signalId}" (template signals: ${listed})`;
}

/** What the MQTT JSON source cannot read in an `mqtt` address: JSONPaths outside its subset, unpaired `[*]` timestamps. */
function mqttAddressProblems(address: { jsonPath?: string | undefined; timestampJsonPath?: string | undefined }): AddressProblem[] {
  const problems: AddressProblem[] = [];
  for (const key of ['jsonPath', 'timestampJsonPath'] as const) {
    const text = address[key];
    if (text === undefined) continue;
    const parsed = tryParseJsonPath(text);
    if (!parsed.ok) problems.push({ path: [key], message: parsed.reason });
  }
  const pairing = timestampPairingProblem(address.jsonPath, address.timestampJsonPath);
  if (pairing !== undefined) problems.push({ path: ['timestampJsonPath'], message: pairing });
  return problems;
}

/**
 * Makes the MQTT JSON source of a parsed `mqtt` config: reads the password secret and the TLS
 * files (INVALID_CONFIG naming `sources.<i>.password` or `sources.<i>.tls.<file>` when one
 * cannot be read), binds the `signals[]` entries that have an address exactly, and leaves the
 * rest to the topic templates. Template signals not in `signals[]` reach the pipeline, which
 * drops and counts them as unknown; the first of each is logged here with its equipment.
 */
export function createMqttSourceFromConfig(config: MqttSourceConfig, context: SourceContext): MqttJsonSource {
  const at = context.configPath ?? `sources[id=${config.id}]`;
  const { password, tls, ...rest } = config;
  const resolved: MqttJsonSourceConfigInput = { ...rest, ...resolveMqttCredentials({ password, tls }, at) };

  const bindings: MqttSignalBinding[] = context.signals
    .filter((s) => s.address !== undefined)
    .map((s) => ({ id: s.id, address: s.address, semantic: s.semantic }));
  const declared = new Set(context.signals.map((s) => s.id));
  const logger = context.logger;
  try {
    const source = createMqttJsonSource({
      config: resolved,
      signals: bindings,
      sink: context.sink,
      ...(logger === undefined ? {} : { logger }),
      ...(context.onStateChange === undefined ? {} : { onStateChange: context.onStateChange }),
      onSignalDiscovered(signal) {
        const fields = { signalId: signal.signalId, equipmentId: signal.equipmentId, topic: signal.topic, template: signal.template };
        if (declared.has(signal.signalId)) logger?.debug(fields, 'first sample of a template signal');
        else logger?.info(fields, 'a topic template produced a signal that is not in signals[]: its samples are dropped until a signals[] entry gives it a meaning');
      },
    });
    return Object.assign(source, { counters: () => mqttCounters(source.stats()) });
  } catch (err) {
    if (isRongtongError(err) && err.code === 'INVALID_CONFIG') throw connectorErrorInAgentConfig(err, 'mqtt', at, bindings);
    throw err;
  }
}

/** The MQTT source's statistics as flat event counters (`Source.counters`). */
function mqttCounters(stats: MqttJsonSourceStats): Record<string, number> {
  const counters: Record<string, number> = {
    messages: stats.messages,
    unmatched_messages: stats.unmatchedMessages,
    rejected_messages: stats.rejectedMessages,
    samples: stats.samples,
    dropped_samples: stats.droppedSamples,
    connections: stats.connections,
  };
  for (const [reason, n] of Object.entries(stats.payloadErrors)) counters[`payload_errors_${reason}`] = n;
  return counters;
}

/**
 * The built-in `mqtt` source kind (`@rongtong/mqtt`'s MQTT JSON source). Signals are read by
 * exact address (`signals[].address: { kind: mqtt, topic, jsonPath?, timestampJsonPath? }`)
 * or, without an address, by a topic template of the source that produces their id.
 */
export const mqttSourceFactory: SourceFactory<MqttSourceConfig> = {
  kind: 'mqtt',
  description: 'JSON messages on MQTT 3.1.1 / 5 topics, by topic template ({machine}/temp) or exact topic + JSONPath',
  configSchema: MqttSourceConfigSchema,
  addressKind: 'mqtt',
  signalWithoutAddress: producedByTemplate,
  checkAddress: (address) => (address.kind === 'mqtt' ? mqttAddressProblems(address) : []),
  create: createMqttSourceFromConfig,
};
