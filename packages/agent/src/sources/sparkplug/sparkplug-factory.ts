import { isRongtongError } from '@rongtong/core';
import {
  type DiscoveredSparkplugMetric,
  type SparkplugHostConfigInput,
  type SparkplugHostSource,
  type SparkplugHostSourceStats,
  type SparkplugSignalBinding,
  createSparkplugHostSource,
} from '@rongtong/mqtt';
import { connectorErrorInAgentConfig, resolveMqttCredentials } from '../mqtt/mqtt-agent-fields.js';
import type { AddressProblem, SourceContext, SourceFactory } from '../source-factory.js';
import { SparkplugSourceConfigSchema, type SparkplugSourceConfig } from './sparkplug-source-config.js';
import { sparkplugSignalPattern } from './sparkplug-template-signals.js';

/** Why a `signals[]` entry of a `sparkplug` source cannot go without an address, or true when the id template can give its id. */
function producedByTemplate(config: SparkplugSourceConfig, signalId: string): true | string {
  if (config.unboundMetrics === 'ignore') return 'unboundMetrics is ignore, so only metrics bound by a sparkplug address give samples';
  if (sparkplugSignalPattern(config.signalIdTemplate).test(signalId)) return true;
  return `signalIdTemplate "${config.signalIdTemplate}" cannot give a metric the id "${signalId}" (bind it by address: { kind: sparkplug, groupId, edgeNodeId, deviceId?, metricName })`;
}

/** A sparkplug address of a group the source does not subscribe to never gets a message. */
function sparkplugAddressProblems(address: { groupId: string }, config: SparkplugSourceConfig): AddressProblem[] {
  if (config.groups.length === 0 || config.groups.includes(address.groupId)) return [];
  return [{ path: ['groupId'], message: `group "${address.groupId}" is not subscribed by source "${config.id}" (groups: ${config.groups.join(', ')})` }];
}

/** The host's statistics as flat event counters (`Source.counters`). */
function sparkplugCounters(stats: SparkplugHostSourceStats): Record<string, number> {
  const counters: Record<string, number> = {
    messages: stats.messages,
    ignored_messages: stats.ignoredMessages,
    rejected_messages: stats.rejectedMessages,
    samples: stats.samples,
    stale_samples: stats.staleSamples,
    dropped_samples: stats.droppedSamples,
    connections: stats.connections,
    births: stats.births,
    deaths: stats.deaths,
    ignored_deaths: stats.ignoredDeaths,
    seq_gaps: stats.seqGaps,
    rebirth_requests: stats.rebirthRequests,
    rebirth_requests_suppressed: stats.rebirthRequestsSuppressed,
  };
  for (const [reason, n] of Object.entries(stats.payloadErrors)) counters[`payload_errors_${reason}`] = n;
  return counters;
}

/**
 * Makes the Sparkplug B host application of a parsed `sparkplug` config: reads the password
 * secret and the TLS files (INVALID_CONFIG naming `sources.<i>.password` or
 * `sources.<i>.tls.<file>`), binds the `signals[]` entries that have a sparkplug address
 * exactly, and leaves the other metrics to `signalIdTemplate`. A metric a birth announces
 * whose id is not in `signals[]` is logged once (info) with its address and the equipment the
 * hierarchy mapping gives it, so its `signals[]` and `equipment[]` entries can be written; its
 * samples reach the pipeline, which drops and counts them as unknown.
 */
export function createSparkplugSourceFromConfig(config: SparkplugSourceConfig, context: SourceContext): SparkplugHostSource {
  const at = context.configPath ?? `sources[id=${config.id}]`;
  const { password, tls, ...rest } = config;
  const resolved: SparkplugHostConfigInput = { ...rest, ...resolveMqttCredentials({ password, tls }, at) };
  const bindings: SparkplugSignalBinding[] = context.signals
    .filter((s) => s.address !== undefined)
    .map((s) => ({ id: s.id, address: s.address, semantic: s.semantic }));
  const declared = new Set(context.signals.map((s) => s.id));
  const logger = context.logger;
  const onMetricDiscovered = (metric: DiscoveredSparkplugMetric) => {
    const { equipment, address } = metric;
    const fields = { address, equipmentId: equipment.id, equipmentName: equipment.name, equipmentPath: equipment.path.map((n) => `${n.level}:${n.id}`).join(' / '), dataType: metric.dataTypeName };
    for (const signalId of metric.signalIds) {
      if (declared.has(signalId)) logger?.debug({ ...fields, signalId }, 'a birth announced a declared Sparkplug metric');
      else logger?.info({ ...fields, signalId }, 'a birth announced a Sparkplug metric that is not in signals[]: its samples are dropped until a signals[] entry gives it a meaning');
    }
  };
  try {
    const source = createSparkplugHostSource({
      config: resolved,
      signals: bindings,
      sink: context.sink,
      onMetricDiscovered,
      ...(logger === undefined ? {} : { logger }),
      ...(context.onStateChange === undefined ? {} : { onStateChange: context.onStateChange }),
    });
    return Object.assign(source, { counters: () => sparkplugCounters(source.stats()) });
  } catch (err) {
    if (isRongtongError(err) && err.code === 'INVALID_CONFIG') throw connectorErrorInAgentConfig(err, 'sparkplug', at, bindings);
    throw err;
  }
}

/**
 * The built-in `sparkplug` source kind (`@rongtong/mqtt`'s Sparkplug B host application).
 * Metrics are read by exact address (`signals[].address: { kind: sparkplug, groupId,
 * edgeNodeId, deviceId?, metricName }`) or, without an address, under the id
 * `signalIdTemplate` gives them (`{group}/{node}/{device}/{metric}` by default).
 */
export const sparkplugSourceFactory: SourceFactory<SparkplugSourceConfig> = {
  kind: 'sparkplug',
  description: 'Sparkplug B 3.0 host application on MQTT: births, aliases, seq and rebirth, deaths as stale samples',
  configSchema: SparkplugSourceConfigSchema,
  addressKind: 'sparkplug',
  signalWithoutAddress: producedByTemplate,
  checkAddress: (address, config) => (address.kind === 'sparkplug' ? sparkplugAddressProblems(address, config) : []),
  create: createSparkplugSourceFromConfig,
};
