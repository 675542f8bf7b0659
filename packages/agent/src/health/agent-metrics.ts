import type { UplinkState } from '../uplink/uplink.js';
import type { AgentSnapshot, BrokerSnapshot } from './agent-snapshot.js';
import type { MetricFamily } from './prometheus-text.js';

/** Every uplink state, each exported as its own 0/1 series. */
const UPLINK_STATES: readonly UplinkState[] = ['idle', 'connecting', 'connected', 'backoff', 'closed'];

/**
 * The agent's Prometheus metrics, computed from one snapshot (no registry, nothing kept
 * between scrapes). `last_ack_timestamp_seconds` has no sample for an uplink never acked.
 */
export function agentMetricFamilies(snapshot: AgentSnapshot): MetricFamily[] {
  const { sources, uplinks } = snapshot;
  const per = (value: (u: AgentSnapshot['uplinks'][number]) => number) => uplinks.map((u) => ({ labels: { uplink: u.name }, value: value(u) }));
  return [
    {
      name: 'rongtong_agent_source_up',
      help: '1 when the source is connected, else 0.',
      type: 'gauge',
      samples: sources.map((s) => ({ labels: { source: s.id, kind: s.kind }, value: s.state === 'connected' ? 1 : 0 })),
    },
    {
      name: 'rongtong_agent_uplink_state',
      help: 'Connection state of the uplink: 1 for the current state, 0 for the others.',
      type: 'gauge',
      samples: uplinks.flatMap((u) => UPLINK_STATES.map((state) => ({ labels: { uplink: u.name, state }, value: u.state === state ? 1 : 0 }))),
    },
    {
      name: 'rongtong_agent_uplink_backlog_bytes',
      help: 'Payload bytes of pending (unsealed) records in the outbox.',
      type: 'gauge',
      samples: per((u) => u.backlog.pendingBytes),
    },
    {
      name: 'rongtong_agent_uplink_backlog_records',
      help: 'Pending (unsealed) records in the outbox.',
      type: 'gauge',
      samples: per((u) => u.backlog.pendingRecords),
    },
    {
      name: 'rongtong_agent_uplink_sealed_unacked_batches',
      help: 'Sealed batches not yet acknowledged by the platform.',
      type: 'gauge',
      samples: per((u) => u.backlog.sealedUnacked),
    },
    {
      name: 'rongtong_agent_uplink_lag_seconds',
      help: 'Age of the oldest unsent record (0 when none).',
      type: 'gauge',
      samples: per((u) => (u.backlog.oldestPendingAgeMs ?? 0) / 1000),
    },
    {
      name: 'rongtong_agent_uplink_last_ack_timestamp_seconds',
      help: 'When the platform last acknowledged a batch (Unix time).',
      type: 'gauge',
      samples: uplinks.flatMap((u) => (u.lastAckTime === null ? [] : [{ labels: { uplink: u.name }, value: u.lastAckTime / 1000 }])),
    },
    {
      name: 'rongtong_agent_dropped_samples_total',
      help: 'Samples the outbox quota discarded (reported to the platform as gap records).',
      type: 'counter',
      samples: per((u) => u.dropped.samples),
    },
    {
      name: 'rongtong_agent_replayed_samples_total',
      help: "Samples skipped for an uplink because its outbox already held them (a source replaying after a restart).",
      type: 'counter',
      samples: per((u) => u.replayedSamples),
    },
    {
      name: 'rongtong_agent_enqueue_errors_total',
      help: "Batches the pipeline could not put into an uplink's outbox.",
      type: 'counter',
      samples: per((u) => u.enqueueErrors),
    },
    {
      name: 'rongtong_agent_rejects_total',
      help: 'Batches the platform rejected, by error code.',
      type: 'counter',
      samples: uplinks.flatMap((u) => Object.entries(u.rejects).map(([code, value]) => ({ labels: { uplink: u.name, code }, value }))),
    },
    {
      name: 'rongtong_agent_source_events_total',
      help: 'What happened in a source (messages, payload errors by reason, dropped samples, …), as the source counts it.',
      type: 'counter',
      samples: sources.flatMap((s) => Object.entries(s.counters).map(([event, value]) => ({ labels: { source: s.id, event }, value }))),
    },
    ...brokerMetricFamilies(snapshot.broker),
    {
      name: 'rongtong_agent_unknown_signal_samples_total',
      help: 'Samples of signals not in the config, dropped by the pipeline.',
      type: 'counter',
      samples: [{ value: snapshot.unknownSignalSamples }],
    },
  ];
}

/** The broker's counters, by `event` label of `rongtong_agent_broker_events_total`. */
const BROKER_EVENTS = {
  auth_failures: 'authFailures',
  publishes_denied: 'publishesDenied',
  subscriptions_denied: 'subscriptionsDenied',
  connections_refused: 'connectionsRefused',
  state_writes: 'stateWrites',
  state_write_errors: 'stateWriteErrors',
} as const;

/** The embedded broker's metrics; none when the agent runs no broker. */
function brokerMetricFamilies(broker: BrokerSnapshot | undefined): MetricFamily[] {
  if (broker === undefined) return [];
  return [
    { name: 'rongtong_agent_broker_clients_connected', help: 'Clients connected to the embedded MQTT broker now.', type: 'gauge', samples: [{ value: broker.clientsConnected }] },
    {
      name: 'rongtong_agent_broker_queued_messages',
      help: 'QoS 1/2 messages the embedded broker holds for persistent sessions that are offline.',
      type: 'gauge',
      samples: [{ value: broker.queuedMessages }],
    },
    {
      name: 'rongtong_agent_broker_events_total',
      help: 'What the embedded MQTT broker refused or wrote: auth failures, ACL denials, refused connections, state writes.',
      type: 'counter',
      samples: Object.entries(BROKER_EVENTS).map(([event, key]) => ({ labels: { event }, value: broker[key] })),
    },
  ];
}
