import { describe, expect, it } from 'vitest';
import { parseSparkplugTopic, sparkplugStateTopic, sparkplugTopic } from './sparkplug-topic.js';

describe('Sparkplug topics', () => {
  it('parses edge node, device and STATE topics', () => {
    expect(parseSparkplugTopic('spBv1.0/Plant1/NBIRTH/GW 1')).toEqual({ kind: 'edge', groupId: 'Plant1', messageType: 'NBIRTH', edgeNodeId: 'GW 1' });
    expect(parseSparkplugTopic('spBv1.0/Plant1/DDATA/GW1/Press3')).toEqual({ kind: 'edge', groupId: 'Plant1', messageType: 'DDATA', edgeNodeId: 'GW1', deviceId: 'Press3' });
    expect(parseSparkplugTopic('spBv1.0/STATE/host-1')).toEqual({ kind: 'state', hostId: 'host-1' });
  });

  it('rejects other namespaces, unknown types, device ids where they do not belong, empty levels', () => {
    for (const topic of [
      'spAv1.0/g/NBIRTH/n',
      'spBv1.0/g/NFOO/n',
      'spBv1.0/g/NDATA/n/d',
      'spBv1.0/g/DDATA/n',
      'spBv1.0/g/DDATA/n/d/x',
      'spBv1.0//NDATA/n',
      'spBv1.0/g/NDATA/',
      'spBv1.0/STATE',
      'spBv1.0/STATE/a/b',
    ]) {
      expect(parseSparkplugTopic(topic), topic).toBeUndefined();
    }
  });

  it('builds topics', () => {
    expect(sparkplugTopic('g', 'NCMD', 'n')).toBe('spBv1.0/g/NCMD/n');
    expect(sparkplugTopic('g', 'DBIRTH', 'n', 'd')).toBe('spBv1.0/g/DBIRTH/n/d');
    expect(sparkplugStateTopic('h')).toBe('spBv1.0/STATE/h');
  });
});
