import { isRongtongError } from '@rongtong/core';
import { describe, expect, it } from 'vitest';
import { SparkplugHostConfigSchema } from './sparkplug-host-config.js';
import { createSparkplugHostSource } from './sparkplug-host-source.js';

const base = { id: 'sp', url: 'mqtt://127.0.0.1:1883', hostId: 'rongtong-1' };
const sink = { write: () => undefined };

function issues(input: unknown): [string, string][] {
  const result = SparkplugHostConfigSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => [i.path.join('.'), i.message]);
}

describe('Sparkplug host config', () => {
  it('has defaults for everything but url, id and hostId', () => {
    expect(SparkplugHostConfigSchema.parse(base)).toMatchObject({
      clean: true,
      protocolVersion: 4,
      qos: 1,
      groups: [],
      reorderTimeoutMs: 0,
      requestRebirth: true,
      rebirthIntervalMs: 5000,
      signalIdTemplate: '{group}/{node}/{device}/{metric}',
      unboundMetrics: 'template',
      controlMetrics: false,
      hierarchy: { group: 'line', edgeNode: 'cell' },
    });
  });

  it('names each bad field', () => {
    expect(issues({ ...base, hostId: 'a/b', clean: false, groups: ['STATE', 'x+y'], signalIdTemplate: '{group}', hierarchy: { group: 'cell' } }).map(([p]) => p).sort()).toEqual([
      'clean',
      'groups.0',
      'groups.1',
      'hierarchy.group',
      'hostId',
      'signalIdTemplate',
    ]);
    expect(issues({ ...base, protocolVersion: 5, sessionExpirySeconds: 60 })).toEqual([['sessionExpirySeconds', 'must be 0 (or absent): a Sparkplug host application keeps no session']]);
    expect(issues({ ...base, sessionExpirySeconds: 0 })).toEqual([['sessionExpirySeconds', 'needs protocolVersion 5 (MQTT 3.1.1 has no session expiry)']]);
    expect(issues({ ...base, hostId: undefined })[0]?.[0]).toBe('hostId');
  });

  it('rejects signal bindings that are not sparkplug addresses or name groups it does not subscribe to', () => {
    let error: unknown;
    try {
      createSparkplugHostSource({
        config: { ...base, groups: ['Plant1'] },
        sink,
        signals: [
          { id: 'ok', address: { kind: 'sparkplug', groupId: 'Plant1', edgeNodeId: 'n', metricName: 'm' } },
          { id: 'wrong-kind', address: { kind: 'mqtt', topic: 'a/b' } },
          { id: 'other-group', address: { kind: 'sparkplug', groupId: 'Plant2', edgeNodeId: 'n', metricName: 'm' } },
          { id: 'bad id!', address: { kind: 'sparkplug', groupId: 'Plant1', edgeNodeId: 'n', metricName: 'x' } },
        ],
      });
    } catch (err) {
      error = err;
    }
    expect(isRongtongError(error) && error.code).toBe('INVALID_CONFIG');
    if (!isRongtongError(error)) throw error;
    expect(error.fieldViolations.map((v) => v.path)).toEqual(['signals.1.address', 'signals.2.address.groupId', 'signals.3.id']);
  });

  it('throws INVALID_CONFIG naming the field for a bad config', () => {
    expect(() => createSparkplugHostSource({ config: { ...base, url: 'http://x' }, sink })).toThrow(/url/);
  });
});
