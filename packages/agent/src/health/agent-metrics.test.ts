import { describe, expect, it } from 'vitest';
import { agentMetricFamilies } from './agent-metrics.js';
import { formatPrometheusText } from './prometheus-text.js';
import { sampleSnapshot, sampleUplink } from './test-support/sample-snapshot.js';

/** The sample lines (no comments) of the metrics of a snapshot. */
const samples = (text: string) => text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));

describe('agent metrics', () => {
  it('exports every series of the snapshot', () => {
    const text = formatPrometheusText(agentMetricFamilies(sampleSnapshot()));
    expect(samples(text)).toEqual([
      'rongtong_agent_source_up{source="plc1",kind="generator"} 1',
      'rongtong_agent_uplink_state{uplink="main",state="idle"} 0',
      'rongtong_agent_uplink_state{uplink="main",state="connecting"} 0',
      'rongtong_agent_uplink_state{uplink="main",state="connected"} 1',
      'rongtong_agent_uplink_state{uplink="main",state="backoff"} 0',
      'rongtong_agent_uplink_state{uplink="main",state="closed"} 0',
      'rongtong_agent_uplink_backlog_bytes{uplink="main"} 2048',
      'rongtong_agent_uplink_backlog_records{uplink="main"} 7',
      'rongtong_agent_uplink_sealed_unacked_batches{uplink="main"} 1',
      'rongtong_agent_uplink_lag_seconds{uplink="main"} 1.5',
      'rongtong_agent_uplink_last_ack_timestamp_seconds{uplink="main"} 1700000008.5',
      'rongtong_agent_dropped_samples_total{uplink="main"} 5',
      'rongtong_agent_replayed_samples_total{uplink="main"} 40',
      'rongtong_agent_enqueue_errors_total{uplink="main"} 0',
      'rongtong_agent_rejects_total{uplink="main",code="INVALID_SIGNATURE"} 1',
      'rongtong_agent_unknown_signal_samples_total 3',
    ]);
    expect(text).toContain('# TYPE rongtong_agent_rejects_total counter\n');
    expect(text).toContain('# TYPE rongtong_agent_uplink_lag_seconds gauge\n');
  });

  it('has no last-ack sample before the first ack, lag 0 with nothing pending, and a down source at 0', () => {
    const snap = {
      ...sampleSnapshot(),
      sources: [{ id: 'opc"1', kind: 'opcua', state: 'backoff' as const, counters: {} }],
      uplinks: [sampleUplink({ lastAckTime: null, rejects: {}, backlog: { pendingRecords: 0, pendingBytes: 0, oldestPendingAgeMs: null, sealedUnacked: 0 } })],
    };
    const lines = samples(formatPrometheusText(agentMetricFamilies(snap)));
    expect(lines).toContain('rongtong_agent_source_up{source="opc\\"1",kind="opcua"} 0');
    expect(lines.some((l) => l.startsWith('rongtong_agent_source_events_total'))).toBe(false);
    const withCounters = { ...snap, sources: [{ id: 'bus', kind: 'mqtt', state: 'connected' as const, counters: { messages: 7, payload_errors_not_json: 1 } }] };
    const counted = samples(formatPrometheusText(agentMetricFamilies(withCounters)));
    expect(counted).toContain('rongtong_agent_source_events_total{source="bus",event="messages"} 7');
    expect(counted).toContain('rongtong_agent_source_events_total{source="bus",event="payload_errors_not_json"} 1');
    expect(lines).toContain('rongtong_agent_uplink_lag_seconds{uplink="main"} 0');
    expect(lines.some((l) => l.startsWith('rongtong_agent_uplink_last_ack_timestamp_seconds'))).toBe(false);
    expect(lines.some((l) => l.startsWith('rongtong_agent_rejects_total'))).toBe(false);
  });
});
