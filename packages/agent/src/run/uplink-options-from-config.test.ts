import { describe, expect, it } from 'vitest';
import { UplinkConfigSchema } from '../config/uplink-config.js';
import { sharingLevelOf, uplinkOptionsFromConfig, uplinkTlsOf } from './uplink-options-from-config.js';

describe('uplinkOptionsFromConfig', () => {
  it('maps address, plaintext, window, backoff and sharing level', () => {
    const config = UplinkConfigSchema.parse({ name: 'a', platform: '127.0.0.1:7600', sharing: 'kpi', tls: false, insecure: true, window: 3, backoff: { initial: '100ms', max: '2s' } });
    expect(uplinkOptionsFromConfig(config)).toEqual({
      name: 'a',
      address: '127.0.0.1:7600',
      tls: false,
      window: 3,
      backoff: { initialMs: 100, maxMs: 2000 },
      sharingLevel: 'SHARING_LEVEL_KPI',
    });
  });

  it('reads TLS files and keeps the server name', () => {
    const read = (path: string) => Buffer.from(`pem of ${path}`);
    expect(uplinkTlsOf({ ca: 'ca.pem', cert: 'c.pem', key: 'k.pem', serverName: 'platform' }, read)).toEqual({
      ca: Buffer.from('pem of ca.pem'),
      cert: Buffer.from('pem of c.pem'),
      key: Buffer.from('pem of k.pem'),
      serverNameOverride: 'platform',
    });
    expect(uplinkTlsOf({}, read)).toEqual({});
  });

  it('maps every sharing level', () => {
    expect(['raw', 'kpi', 'capacity'].map((s) => sharingLevelOf(s as 'raw'))).toEqual(['SHARING_LEVEL_RAW', 'SHARING_LEVEL_KPI', 'SHARING_LEVEL_CAPACITY']);
  });
});
